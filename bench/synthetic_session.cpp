#include "synthetic_session.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>
#include <string>

namespace tapedeck::bench {

using model::Interval;
namespace chr = std::chrono;

bool Smoke() { return std::getenv("TAPEDECK_BENCH_SMOKE") != nullptr; }

const calendar::TradingCalendar& Calendar() {
  static const calendar::TradingCalendar calendar = *calendar::TradingCalendar::ForExchange("NYSE");
  return calendar;
}

Date RunStart() { return Date{chr::year(2024), chr::January, chr::day(8)}; }

std::vector<Date> RunSessions(int days) {
  std::vector<Date> sessions;
  Date d = RunStart();
  while (static_cast<int>(sessions.size()) < days) {
    sessions.push_back(d);
    d = *Calendar().NextSession(d);
  }
  return sessions;
}

std::vector<model::Symbol> Symbols(int count) {
  std::vector<model::Symbol> symbols;
  for (int i = 0; i < count; ++i) {
    symbols.push_back(*model::Symbol::Parse("S" + std::to_string(1000 + i)));
  }
  return symbols;
}

std::vector<store::SeriesBars> Generate(const std::vector<model::Symbol>& symbols, int days) {
  std::vector<Date> sessions = *Calendar().SessionsBefore(RunStart(), kHistoryDays);
  const std::vector<Date> run = RunSessions(days);
  sessions.insert(sessions.end(), run.begin(), run.end());
  std::mt19937_64 random(42);
  std::normal_distribution<double> step(0, 0.05);
  std::vector<store::SeriesBars> all;
  for (const model::Symbol& symbol : symbols) {
    store::SeriesBars series{symbol, Interval::Minutes(1), {}};
    double price = 100;
    for (const Date date : sessions) {
      const calendar::SessionHours hours = **Calendar().Session(date);
      for (Timestamp t = hours.open; t < hours.close; t += chr::minutes(1)) {
        const double open = price;
        // Quoted in cents, as US equities above $1 are.
        price = std::max(1.0, std::round((price + step(random)) * 100) / 100);
        const double high = std::max(open, price) + 0.02;
        const double low = std::min(open, price) - 0.02;
        series.bars.push_back(model::Bar{t, open, high, low, price,
                                         1000.0 + static_cast<double>(random() % 5000), 1});
      }
    }
    all.push_back(std::move(series));
  }
  return all;
}

session::SessionSetup Setup(const std::vector<model::Symbol>& symbols, int days) {
  session::SessionSetup setup;
  setup.symbols = symbols;
  const std::vector<Date> run = RunSessions(days);
  setup.start_date = run.front();
  setup.end_date = run.back();
  loading::SessionPlan& plan = setup.plan;
  plan.derived = {Interval::Minutes(5), Interval::Minutes(15)};
  const auto spec = [](std::string_view name, double period, std::map<std::string, double> params,
                       Interval interval) {
    return *indicators::ParseIndicatorSpec(name, period, params, interval);
  };
  plan.indicators = {spec("sma", 20, {}, Interval::Minutes(5)),
                     spec("ema", 9, {}, Interval::Minutes(5)),
                     spec("rsi", 14, {}, Interval::Minutes(5)),
                     spec("macd", 0, {}, Interval::Minutes(5)),
                     spec("atr", 14, {}, Interval::Minutes(15)),
                     spec("bbands", 20, {{"num_std", 2}}, Interval::Minutes(15)),
                     spec("vwap", 0, {}, Interval::Minutes(1))};
  plan.history = {loading::HistoryRequest{kHistoryDays, {Interval::Minutes(1)}, {}}};
  return setup;
}

}  // namespace tapedeck::bench

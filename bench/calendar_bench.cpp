#include <benchmark/benchmark.h>
#include <date/tz.h>

#include <vector>

#include "calendar/trading_calendar.hpp"
#include "calendar/zone.hpp"

namespace tapedeck::calendar {
namespace {

namespace chr = std::chrono;

std::vector<Date> AllDates() {
  std::vector<Date> dates;
  for (chr::sys_days day(TradingCalendar::first_date());
       day <= chr::sys_days(TradingCalendar::last_date()); day += chr::days(1)) {
    dates.emplace_back(day);
  }
  return dates;
}

// One minute apart over a year: the shape of an import of 1m bars.
std::vector<Timestamp> MinuteTimestamps(int count) {
  std::vector<Timestamp> stamps;
  const Timestamp start = *ParseTimestamp("2024-01-02T14:30:00Z");
  for (int i = 0; i < count; ++i) stamps.push_back(start + chr::minutes(i * 7));
  return stamps;
}

// Looks up the session and counts its 1m slots for every day of 2000-2035.
void BM_SessionAndSlotCount1mAllDays(benchmark::State& state) {
  const TradingCalendar calendar = *TradingCalendar::ForExchange("US_EQUITY");
  const std::vector<Date> dates = AllDates();
  const model::Interval minute = model::Interval::Minutes(1);
  for (auto _ : state) {
    int64_t slots = 0;
    for (const Date date : dates) {
      const auto hours = calendar.Session(date);
      benchmark::DoNotOptimize(hours);
      slots += *calendar.SlotCount(date, minute);
    }
    benchmark::DoNotOptimize(slots);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(dates.size()));
  state.counters["years"] = 36;
}
BENCHMARK(BM_SessionAndSlotCount1mAllDays)->Unit(benchmark::kMicrosecond);

void BM_SessionsBefore20(benchmark::State& state) {
  const TradingCalendar calendar = *TradingCalendar::ForExchange("US_EQUITY");
  const std::vector<Date> dates = AllDates();
  size_t i = 100;
  for (auto _ : state) {
    benchmark::DoNotOptimize(calendar.SessionsBefore(dates[i], 20));
    if (++i == dates.size()) i = 100;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SessionsBefore20);

void BM_ForExchange(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(TradingCalendar::ForExchange("NYSE"));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ForExchange)->Unit(benchmark::kMicrosecond);

void BM_NewYorkToLocal(benchmark::State& state) {
  const std::vector<Timestamp> stamps = MinuteTimestamps(1 << 16);
  const TimeZone& zone = NewYork();
  for (auto _ : state) {
    for (const Timestamp t : stamps) benchmark::DoNotOptimize(zone.ToLocal(t));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(stamps.size()));
}
BENCHMARK(BM_NewYorkToLocal);

// The same conversion through the date library directly, for comparison.
void BM_DateLibraryToLocal(benchmark::State& state) {
  const std::vector<Timestamp> stamps = MinuteTimestamps(1 << 16);
  const date::time_zone* zone = date::locate_zone("America/New_York");
  for (auto _ : state) {
    for (const Timestamp t : stamps) benchmark::DoNotOptimize(zone->to_local(t));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(stamps.size()));
}
BENCHMARK(BM_DateLibraryToLocal);

void BM_NewYorkToUtc(benchmark::State& state) {
  std::vector<LocalTime> locals;
  for (const Timestamp t : MinuteTimestamps(1 << 16)) locals.push_back(NewYork().ToLocal(t));
  const TimeZone& zone = NewYork();
  for (auto _ : state) {
    for (const LocalTime local : locals) benchmark::DoNotOptimize(zone.ToUtc(local));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(locals.size()));
}
BENCHMARK(BM_NewYorkToUtc);

void BM_NewYorkFormat(benchmark::State& state) {
  const std::vector<Timestamp> stamps = MinuteTimestamps(1 << 12);
  const TimeZone& zone = NewYork();
  for (auto _ : state) {
    for (const Timestamp t : stamps) benchmark::DoNotOptimize(zone.Format(t));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(stamps.size()));
}
BENCHMARK(BM_NewYorkFormat);

}  // namespace
}  // namespace tapedeck::calendar

BENCHMARK_MAIN();

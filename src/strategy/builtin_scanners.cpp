// The built-in scanners. They use only the public API (tapedeck/strategy_api.hpp),
// as a user module would.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "strategy/config_reader.hpp"
#include "strategy/registry.hpp"

namespace tapedeck::strategy {
namespace {

// "12345678" → "12.3 M", for reasons.
std::string Shares(double volume) {
  if (volume >= 1e6) return fmt::format("{:.1f} M", volume / 1e6);
  if (volume >= 1e3) return fmt::format("{:.1f} k", volume / 1e3);
  return fmt::format("{:.0f}", volume);
}

// Gap at the open versus the previous session's close. The session streams
// regular hours, so the gap is measured on the first regular-hours base bar
// (scan at 09:31 or later): 100 · (open − previous close) / previous close.
// Symbols whose average daily volume over `avg_volume_days` is below
// `min_avg_volume` are left out. Selected: |gap| ≥ min_gap_pct in the chosen
// direction, largest |gap| first (ties by symbol), at most max_results.
class GapScanner final : public api::Scanner {
 public:
  GapScanner(double min_gap_pct, std::string direction, double min_avg_volume, int days,
             int max_results)
      : min_gap_pct_(min_gap_pct),
        direction_(std::move(direction)),
        min_avg_volume_(min_avg_volume),
        days_(days),
        max_results_(max_results) {}

  api::Provision provision() const override {
    return {{}, {}, {api::HistoricalRequest{"avg_volume", days_, "days"}}};
  }
  void Setup(api::ScanContext& /*context*/) override {}
  void Teardown(api::ScanContext& /*context*/) override {}

  api::ScanSelection Scan(api::ScanContext& context) override {
    struct Gap {
      std::string symbol;
      double pct = 0;
      double avg_volume = 0;
    };
    std::vector<Gap> gaps;
    const std::string base = context.base_interval();
    const std::string avg_key = fmt::format("avg_volume_{}d", days_);
    for (const std::string& symbol : context.universe()) {
      const std::vector<api::Bar> bars = context.bars(symbol, base);
      const std::optional<double> previous = context.previous_close(symbol);
      const std::optional<double> avg_volume = context.historical(symbol, avg_key);
      if (bars.empty() || !previous || *previous <= 0 || !avg_volume) continue;
      const double pct = 100.0 * (bars.front().open - *previous) / *previous;
      const bool direction = direction_ == "both" || (direction_ == "up" && pct > 0) ||
                             (direction_ == "down" && pct < 0);
      if (direction && std::abs(pct) >= min_gap_pct_ && *avg_volume >= min_avg_volume_) {
        gaps.push_back({symbol, pct, *avg_volume});
      }
    }
    std::ranges::sort(gaps, [](const Gap& a, const Gap& b) {
      if (std::abs(a.pct) != std::abs(b.pct)) return std::abs(a.pct) > std::abs(b.pct);
      return a.symbol < b.symbol;
    });
    if (max_results_ > 0 && gaps.size() > static_cast<size_t>(max_results_)) {
      gaps.resize(static_cast<size_t>(max_results_));
    }
    api::ScanSelection selection;
    selection.reason = fmt::format("gap {} ≥ {} % vs previous close, {} ≥ {}",
                                   direction_ == "both" ? "up or down" : direction_, min_gap_pct_,
                                   avg_key, Shares(min_avg_volume_));
    for (const Gap& gap : gaps) {
      selection.selected.push_back(gap.symbol);
      selection.reason += fmt::format("; {} {:+.2f} % (avg volume {})", gap.symbol, gap.pct,
                                      Shares(gap.avg_volume));
    }
    return selection;
  }

 private:
  double min_gap_pct_;
  std::string direction_;
  double min_avg_volume_;
  int days_;
  int max_results_;
};

// Volume spikes: the symbols whose volume_ratio (the last bar's volume over
// the average of the `period` bars before it) at `interval` is at least
// `threshold`, highest first. Meant to run every 5 minutes.
class VolumeSpikeScanner final : public api::Scanner {
 public:
  VolumeSpikeScanner(double threshold, int period, std::string interval)
      : threshold_(threshold),
        period_(period),
        interval_(std::move(interval)),
        key_(fmt::format("volume_ratio_{}_{}", period_, interval_)) {}

  api::Provision provision() const override {
    return {{interval_},
            {api::IndicatorRequest{"volume_ratio", static_cast<double>(period_), interval_}},
            {}};
  }
  void Setup(api::ScanContext& /*context*/) override {}
  void Teardown(api::ScanContext& /*context*/) override {}

  api::ScanSelection Scan(api::ScanContext& context) override {
    std::vector<std::pair<double, std::string>> spikes;
    for (const std::string& symbol : context.universe()) {
      const std::optional<double> ratio = context.indicator(symbol, key_);
      if (ratio && *ratio >= threshold_) spikes.emplace_back(-*ratio, symbol);
    }
    std::ranges::sort(spikes);
    api::ScanSelection selection;
    selection.reason = fmt::format("{} ≥ {}", key_, threshold_);
    for (const auto& [negative, symbol] : spikes) {
      selection.selected.push_back(symbol);
      selection.reason += fmt::format("; {} {:.2f}", symbol, -negative);
    }
    return selection;
  }

 private:
  double threshold_;
  int period_;
  std::string interval_;
  std::string key_;
};

// 52-week-high breakouts: the symbols whose last base bar closes above the
// highest high of the `weeks` weeks before today (high_low_<weeks>w.high).
class Breakout52wScanner final : public api::Scanner {
 public:
  explicit Breakout52wScanner(int weeks)
      : weeks_(weeks), key_(fmt::format("high_low_{}w", weeks)) {}

  api::Provision provision() const override {
    return {{}, {}, {api::HistoricalRequest{"high_low", weeks_, "weeks"}}};
  }
  void Setup(api::ScanContext& /*context*/) override {}
  void Teardown(api::ScanContext& /*context*/) override {}

  api::ScanSelection Scan(api::ScanContext& context) override {
    api::ScanSelection selection;
    selection.reason = fmt::format("last close > {}.high", key_);
    const std::string base = context.base_interval();
    for (const std::string& symbol : context.universe()) {
      const std::vector<api::Bar> last = context.bars(symbol, base, 1);
      const std::optional<double> high = context.historical(symbol, key_ + ".high");
      if (last.empty() || !high || last.back().close <= *high) continue;
      selection.selected.push_back(symbol);
      selection.reason += fmt::format("; {} {} > {}", symbol, last.back().close, *high);
    }
    return selection;
  }

 private:
  int weeks_;
  std::string key_;
};

}  // namespace

Result<std::unique_ptr<api::Scanner>> CreateGapScanner(const nlohmann::ordered_json& config,
                                                       const std::string& path) {
  ConfigReader reader(config, path);
  reader.AllowOnly(
      {"universe", "min_gap_pct", "direction", "min_avg_volume", "avg_volume_days", "max_results"});
  const double min_gap = reader.Number({"min_gap_pct"}, 2.0, 0, 1000);
  const std::string direction = reader.String({"direction"}, "both");
  const double min_avg_volume = reader.Number({"min_avg_volume"}, 0, 0, 1e15);
  const double days = reader.Number({"avg_volume_days"}, 20, 1, 1000);
  const double max_results = reader.Number({"max_results"}, 0, 0, 1e6);
  TD_RETURN_IF_ERROR(reader.status());
  if (direction != "up" && direction != "down" && direction != "both") {
    return Error::InvalidArgument("{}.direction: \"{}\" must be \"up\", \"down\" or \"both\"", path,
                                  direction);
  }
  return std::unique_ptr<api::Scanner>(std::make_unique<GapScanner>(
      min_gap, direction, min_avg_volume, static_cast<int>(days), static_cast<int>(max_results)));
}

Result<std::unique_ptr<api::Scanner>> CreateVolumeSpikeScanner(const nlohmann::ordered_json& config,
                                                               const std::string& path) {
  ConfigReader reader(config, path);
  reader.AllowOnly({"universe", "threshold", "period", "interval"});
  const double threshold = reader.Number({"threshold"}, 2.0, 0, 1e6);
  const double period = reader.Number({"period"}, 20, 1, 10000);
  const std::string interval = reader.String({"interval"}, "5m");
  TD_RETURN_IF_ERROR(reader.status());
  return std::unique_ptr<api::Scanner>(
      std::make_unique<VolumeSpikeScanner>(threshold, static_cast<int>(period), interval));
}

Result<std::unique_ptr<api::Scanner>> CreateBreakout52wScanner(const nlohmann::ordered_json& config,
                                                               const std::string& path) {
  ConfigReader reader(config, path);
  reader.AllowOnly({"universe", "weeks"});
  const double weeks = reader.Number({"weeks"}, 52, 1, 520);
  TD_RETURN_IF_ERROR(reader.status());
  return std::unique_ptr<api::Scanner>(
      std::make_unique<Breakout52wScanner>(static_cast<int>(weeks)));
}

}  // namespace tapedeck::strategy

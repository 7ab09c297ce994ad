// The built-in strategies. They use only the public API (tapedeck/strategy_api.hpp),
// as a user module would.
#include <fmt/format.h>

#include "strategy/config_reader.hpp"
#include "strategy/registry.hpp"

namespace tapedeck::strategy {
namespace {

std::vector<api::Subscription> Subscribe(const std::vector<std::string>& symbols,
                                         std::initializer_list<std::string> intervals) {
  std::vector<api::Subscription> out;
  for (const std::string& interval : intervals) {
    for (const std::string& symbol : symbols) out.push_back({symbol, interval});
  }
  return out;
}

// Moving-average cross on one interval's closes, per symbol: the SMA of the
// last `fast` closes crossing above the SMA of the last `slow` closes is a
// buy, crossing below a sell (`quantity` shares). The averages are the
// strategy's own, over the bars it was given (they carry across sessions).
class SmaCross final : public api::Strategy {
 public:
  SmaCross(std::vector<std::string> symbols, std::string interval, int fast, int slow,
           double quantity)
      : symbols_(std::move(symbols)),
        interval_(std::move(interval)),
        fast_(fast),
        slow_(slow),
        quantity_(quantity) {}

  std::vector<api::Subscription> Subscriptions() override {
    return Subscribe(symbols_, {interval_});
  }
  bool reads_session() const override { return false; }

  void OnBar(const api::BarUpdate& update, api::StrategyContext& session) override {
    if (update.symbol_index >= states_.size()) states_.resize(update.symbol_index + 1);
    State& state = states_[update.symbol_index];
    // Running sums over a ring of the last `slow` closes; `at` is the
    // oldest (overwritten now), the fast window's oldest is `fast` back.
    const size_t slow = static_cast<size_t>(slow_);
    const size_t fast = static_cast<size_t>(fast_);
    if (state.ring.empty()) state.ring.assign(slow, 0.0);
    const size_t at = state.at;
    if (state.count >= slow) state.slow_sum -= state.ring[at];
    if (state.count >= fast)
      state.fast_sum -= state.ring[at >= fast ? at - fast : at + slow - fast];
    state.ring[at] = update.bar.close;
    state.at = at + 1 == slow ? 0 : at + 1;
    state.slow_sum += update.bar.close;
    state.fast_sum += update.bar.close;
    ++state.count;
    if (state.count < slow) return;
    const double fast_mean = state.fast_sum / fast_;
    const double slow_mean = state.slow_sum / slow_;
    const int side = fast_mean > slow_mean ? 1 : (fast_mean < slow_mean ? -1 : 0);
    if (state.side != 0 && side != 0 && side != state.side) {
      session.emit(
          api::Signal{std::string(update.symbol), side > 0 ? api::Side::kBuy : api::Side::kSell,
                      quantity_, std::nullopt,
                      fmt::format("sma{} {:.4f} crossed {} sma{} {:.4f} on {}", fast_, fast_mean,
                                  side > 0 ? "above" : "below", slow_, slow_mean, interval_)});
    }
    if (side != 0) state.side = side;
  }

 private:
  struct State {
    std::vector<double> ring;  // The last `slow` closes, oldest overwritten.
    size_t count = 0;          // Closes seen.
    size_t at = 0;             // count % ring size: where the next close goes.
    double fast_sum = 0;
    double slow_sum = 0;
    int side = 0;  // +1 fast above slow, −1 below, 0 not known yet.
  };

  std::vector<std::string> symbols_;
  std::string interval_;
  int fast_;
  int slow_;
  double quantity_;
  std::vector<State> states_;  // By symbol_index.
};

// Opening-range breakout: the first `range` bar of the session (09:30–09:45
// for 15m) sets the range; the first `interval` bar after it that closes
// above the range's high is a buy, below its low a sell; one signal per
// symbol and session.
class OpeningRangeBreakout final : public api::Strategy {
 public:
  OpeningRangeBreakout(std::vector<std::string> symbols, std::string range, std::string interval,
                       double quantity)
      : symbols_(std::move(symbols)),
        range_(std::move(range)),
        interval_(std::move(interval)),
        quantity_(quantity) {}

  std::vector<api::Subscription> Subscriptions() override {
    return Subscribe(symbols_, {interval_, range_});
  }
  bool reads_session() const override { return false; }
  void OnSessionStart(api::StrategyContext& /*session*/) override { states_.clear(); }

  void OnBar(const api::BarUpdate& update, api::StrategyContext& session) override {
    if (update.symbol_index >= states_.size()) states_.resize(update.symbol_index + 1);
    State& state = states_[update.symbol_index];
    if (update.interval == range_ && !state.range) {
      state.range = update.bar;
      return;
    }
    if (update.interval != interval_ || !state.range || state.done) return;
    const api::Bar& range = *state.range;
    if (update.bar.close > range.high || update.bar.close < range.low) {
      const bool up = update.bar.close > range.high;
      state.done = true;
      session.emit(api::Signal{
          std::string(update.symbol), up ? api::Side::kBuy : api::Side::kSell, quantity_,
          std::nullopt,
          fmt::format("{} close {} {} the {} opening range {}–{}", interval_, update.bar.close,
                      up ? "above" : "below", range_, range.low, range.high)});
    }
  }

 private:
  struct State {
    std::optional<api::Bar> range;
    bool done = false;
  };

  std::vector<std::string> symbols_;
  std::string range_;
  std::string interval_;
  double quantity_;
  std::vector<State> states_;  // By symbol_index.
};

std::vector<std::string> SymbolsOf(ConfigReader& reader) {
  std::vector<std::string> symbols = reader.Strings({"symbols"}, {std::string(api::kAllSymbols)});
  for (std::string& symbol : symbols) {
    if (symbol == "all") symbol = std::string(api::kAllSymbols);
  }
  return symbols;
}

}  // namespace

Result<std::unique_ptr<api::Strategy>> CreateSmaCross(const nlohmann::ordered_json& config,
                                                      const std::string& path) {
  ConfigReader reader(config, path);
  // min_quality: the predecessor's key, accepted and not used.
  reader.AllowOnly({"symbols", "interval", "fast", "fast_period", "slow", "slow_period", "quantity",
                    "min_quality"});
  std::vector<std::string> symbols = SymbolsOf(reader);
  const std::string interval = reader.String({"interval"}, "5m");
  const double fast = reader.Number({"fast", "fast_period"}, 10, 1, 10000);
  const double slow = reader.Number({"slow", "slow_period"}, 20, 1, 10000);
  const double quantity = reader.Number({"quantity"}, 100, 0, 1e12);
  (void)reader.Number({"min_quality"}, 0, 0, 100);
  TD_RETURN_IF_ERROR(reader.status());
  if (fast >= slow) {
    return Error::InvalidArgument("{}: fast period {} must be shorter than slow period {}", path,
                                  fast, slow);
  }
  return std::unique_ptr<api::Strategy>(std::make_unique<SmaCross>(
      std::move(symbols), interval, static_cast<int>(fast), static_cast<int>(slow), quantity));
}

Result<std::unique_ptr<api::Strategy>> CreateOpeningRangeBreakout(
    const nlohmann::ordered_json& config, const std::string& path) {
  ConfigReader reader(config, path);
  reader.AllowOnly({"symbols", "range", "interval", "quantity"});
  std::vector<std::string> symbols = SymbolsOf(reader);
  const std::string range = reader.String({"range"}, "15m");
  const std::string interval = reader.String({"interval"}, "1m");
  const double quantity = reader.Number({"quantity"}, 100, 0, 1e12);
  TD_RETURN_IF_ERROR(reader.status());
  if (range == interval) {
    return Error::InvalidArgument("{}: range {} and interval {} must differ", path, range,
                                  interval);
  }
  return std::unique_ptr<api::Strategy>(
      std::make_unique<OpeningRangeBreakout>(std::move(symbols), range, interval, quantity));
}

}  // namespace tapedeck::strategy

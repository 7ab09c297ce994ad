// An example tapedeck module with a scanner and a strategy, built out of tree
// against the installed header set (see CMakeLists.txt and docs/GUIDE.md).
//
// Scanner "first_bar_range": at each scan, selects the universe symbols whose
// first 1m bar of the day spans more than `min_range_pct` percent of its open.
// Strategy "close_above_open": one buy signal per symbol and session, on the
// first subscribed bar that closes above the session's first open.
#include <tapedeck/strategy_api.hpp>

#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>

namespace {

// Reads `"key": number` from the config's JSON text; a real module would use
// a JSON library.
double NumberIn(const std::string& json, const std::string& key, double fallback) {
  const size_t at = json.find("\"" + key + "\"");
  if (at == std::string::npos) return fallback;
  const size_t colon = json.find(':', at);
  if (colon == std::string::npos) throw std::invalid_argument("config: no value for " + key);
  return std::stod(json.substr(colon + 1));
}

class FirstBarRange final : public tapedeck::api::Scanner {
 public:
  explicit FirstBarRange(const char* config_json)
      : min_range_pct_(NumberIn(config_json, "min_range_pct", 0.1)) {}

  void Setup(tapedeck::api::ScanContext& /*context*/) override {}
  void Teardown(tapedeck::api::ScanContext& /*context*/) override {}

  tapedeck::api::ScanSelection Scan(tapedeck::api::ScanContext& context) override {
    tapedeck::api::ScanSelection selection;
    selection.reason = "first 1m bar range > " + std::to_string(min_range_pct_) + " %";
    for (const std::string& symbol : context.universe()) {
      const auto bars = context.bars(symbol, "1m");
      if (bars.empty()) continue;
      const double range = 100.0 * (bars.front().high - bars.front().low) / bars.front().open;
      if (range > min_range_pct_) selection.selected.push_back(symbol);
    }
    return selection;
  }

 private:
  double min_range_pct_;
};

class CloseAboveOpen final : public tapedeck::api::Strategy {
 public:
  explicit CloseAboveOpen(const char* config_json)
      : quantity_(NumberIn(config_json, "quantity", 10)) {}

  std::vector<tapedeck::api::Subscription> Subscriptions() override {
    return {{std::string(tapedeck::api::kAllSymbols), "5m"}};
  }
  void OnSessionStart(tapedeck::api::StrategyContext& /*session*/) override { done_.clear(); }
  void OnBar(const tapedeck::api::BarUpdate& bar,
             tapedeck::api::StrategyContext& session) override {
    const std::string symbol(bar.symbol);
    if (done_[symbol]) return;
    const auto first = session.bars(symbol, "1m");
    if (first.empty() || bar.bar.close <= first.front().open) return;
    done_[symbol] = true;
    session.emit({symbol, tapedeck::api::Side::kBuy, quantity_, std::nullopt,
                  "5m close above the session's first open"});
  }

 private:
  double quantity_;
  std::map<std::string, bool> done_;
};

}  // namespace

TAPEDECK_EXPORT_ABI_VERSION()
TAPEDECK_EXPORT_SCANNER(FirstBarRange)
TAPEDECK_EXPORT_STRATEGY(CloseAboveOpen)

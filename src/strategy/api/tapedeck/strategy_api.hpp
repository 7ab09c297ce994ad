// The scanner and strategy API of tapedeck: what built-in and user scanners
// and strategies implement, and what the session offers them. Self-contained
// (the C++20 standard library only), so user code builds against the
// installed header set without the rest of tapedeck.
//
// A user module is a shared library that exports, with C linkage,
//   int tapedeck_plugin_abi_version();           // returns kAbiVersion
// and one or both of
//   tapedeck::api::Scanner*  tapedeck_create_scanner(const char* config_json);
//   tapedeck::api::Strategy* tapedeck_create_strategy(const char* config_json);
// (TAPEDECK_EXPORT_SCANNER / TAPEDECK_EXPORT_STRATEGY below write them).
// `config_json` is the entry's `config` object as JSON text. tapedeck owns the
// returned object and deletes it through its virtual destructor. The module
// must be built with the same compiler and standard library as tapedeck
// (std::string and std::vector cross the boundary); kAbiVersion changes
// whenever this header changes incompatibly, and a mismatch is refused.
//
// Errors: a scanner or strategy reports failure by throwing (any exception).
// tapedeck catches it at the call, stops that scanner or strategy, records
// the error in the session's export and log, and the session goes on.
//
// Time is UTC nanoseconds since the Unix epoch. Bars are stamped with their
// open time and complete at open + interval. Intervals are written as in the
// config: "1m", "5m", "1h", "1d".
//
// Threads: every call comes from the session's loop thread; the view and the
// contexts are valid only during the call that hands them over.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tapedeck::api {

inline constexpr int kAbiVersion = 3;

using Nanos = std::int64_t;

struct Bar {
  Nanos open_time = 0;
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;
};

// One completed bar of one symbol.
struct BarUpdate {
  std::string_view symbol;
  // A small number for `symbol`, the same for the whole run (0, 1, 2 … in
  // the order symbols joined the session): index a vector with it instead of
  // looking the symbol up by name.
  std::uint32_t symbol_index = 0;
  std::string_view interval;
  Nanos completed_at = 0;  // open_time + interval, cut at the session close.
  Bar bar;
};

enum class Side { kBuy, kSell };

// An order intent. Give a quantity (shares) or a weight (fraction of the
// portfolio), or neither. tapedeck stamps it with the time and strategy name.
struct Signal {
  std::string symbol;
  Side side = Side::kBuy;
  std::optional<double> quantity;
  std::optional<double> weight;
  std::string reason;
};

// Read access to the running session, at the current simulated time.
class SessionView {
 public:
  virtual Nanos now() const = 0;
  // "YYYY-MM-DD", the session day.
  virtual std::string session_date() const = 0;
  // The session's base interval ("1m").
  virtual std::string base_interval() const = 0;
  // Every symbol in the session, sorted; `full_only` leaves out the light
  // ones (a scanner's universe that was only looked at).
  virtual std::vector<std::string> symbols(bool full_only) const = 0;
  virtual bool has_symbol(std::string_view symbol) const = 0;
  // Today's completed bars of `symbol` at `interval`, oldest first, at most
  // the newest `last`. Empty when the symbol or interval is not there.
  virtual std::vector<Bar> bars(
      std::string_view symbol, std::string_view interval,
      std::size_t last = std::numeric_limits<std::size_t>::max()) const = 0;
  // A session indicator's value by key ("sma_20_5m", "macd_12_26_9_5m.macdsignal");
  // nullopt when absent or not ready.
  virtual std::optional<double> indicator(std::string_view symbol, std::string_view key) const = 0;
  // A historical indicator's value by key ("avg_volume_20d", "high_low_52w.high");
  // nullopt when absent or not ready.
  virtual std::optional<double> historical(std::string_view symbol, std::string_view key) const = 0;
  // The close of the symbol's last daily bar before today (the stored 1d bar,
  // else the one derived from base bars); nullopt when its daily history is
  // not loaded (it is whenever the symbol has a historical indicator).
  virtual std::optional<double> previous_close(std::string_view symbol) const = 0;

 protected:
  ~SessionView() = default;
};

// What a scanner wants for every symbol of its universe, which tapedeck adds
// light (`ensure_symbol`: base bars plus these) before Setup.
struct IndicatorRequest {
  std::string name;  // As in the config: "volume_ratio", "sma".
  double period = 0;
  std::string interval;  // "5m".
};
struct HistoricalRequest {
  std::string name;  // "avg_volume", "high_low".
  int period = 0;
  std::string unit = "days";  // Or "weeks".
};
struct Provision {
  std::vector<std::string> intervals;  // Besides the base.
  std::vector<IndicatorRequest> indicators;
  std::vector<HistoricalRequest> historical;
};

class ScanContext : public SessionView {
 public:
  // The scanner's universe (its config's `universe` file), in file order.
  virtual const std::vector<std::string>& universe() const = 0;

 protected:
  ~ScanContext() = default;
};

// What one scan found. tapedeck promotes each selected symbol with
// add_symbol (the full configured treatment) unless it already has it.
struct ScanSelection {
  std::vector<std::string> selected;
  std::string reason;
};

class Scanner {
 public:
  virtual ~Scanner() = default;
  // What the universe's symbols need; asked once, before Setup.
  virtual Provision provision() const { return {}; }
  virtual void Setup(ScanContext& context) = 0;
  virtual ScanSelection Scan(ScanContext& context) = 0;
  virtual void Teardown(ScanContext& context) = 0;
};

// A strategy's bars: one symbol, or every full symbol of the session
// (kAllSymbols, also those that join later), at one interval.
inline constexpr std::string_view kAllSymbols = "*";
struct Subscription {
  std::string symbol;  // Or kAllSymbols.
  std::string interval;
};

class StrategyContext : public SessionView {
 public:
  virtual void emit(Signal signal) = 0;

 protected:
  ~StrategyContext() = default;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  // Asked once, before the first session starts.
  virtual std::vector<Subscription> Subscriptions() = 0;
  virtual void OnSessionStart(StrategyContext& /*session*/) {}
  // Once per completed subscribed bar, in the order (completion time, base
  // before derived, shorter interval first, symbol).
  virtual void OnBar(const BarUpdate& bar, StrategyContext& session) = 0;
  // The subscribed bars completing at one time, in that same order: OnBar
  // for each unless overridden (a strategy over many symbols may handle them
  // in one go). A throw stops the strategy at once: the rest are not handed.
  virtual void OnBars(std::span<const BarUpdate> bars, StrategyContext& session) {
    for (const BarUpdate& bar : bars) OnBar(bar, session);
  }
  virtual void OnSessionEnd(StrategyContext& /*session*/) {}
  // False promises that OnBar uses only the bar it is given (and emit). The
  // session then need not stop at each of its bars: flat out, it runs each
  // symbol ahead and hands the bars over afterwards, in the same order. In
  // OnBar such a strategy's view answers now() (the bar's completion time),
  // session_date() and base_interval(); any other read throws
  // std::logic_error, and the strategy is stopped with an error saying so
  // (also if it catches that). Asked once, with Subscriptions().
  virtual bool reads_session() const { return true; }
};

}  // namespace tapedeck::api

extern "C" {
// The entry points a module exports (declared here so that both sides agree).
int tapedeck_plugin_abi_version();
tapedeck::api::Scanner* tapedeck_create_scanner(const char* config_json);
tapedeck::api::Strategy* tapedeck_create_strategy(const char* config_json);
}

// Writes the entry points of a module holding one scanner (or strategy)
// class constructible from the config's JSON text: TAPEDECK_EXPORT_SCANNER(MyScanner).
#define TAPEDECK_EXPORT_ABI_VERSION()                                                   \
  extern "C" __attribute__((visibility("default"))) int tapedeck_plugin_abi_version() { \
    return tapedeck::api::kAbiVersion;                                                  \
  }
#define TAPEDECK_EXPORT_SCANNER(Class)                                      \
  extern "C" __attribute__((visibility("default"))) tapedeck::api::Scanner* \
  tapedeck_create_scanner(const char* config_json) {                        \
    return new Class(config_json);                                          \
  }
#define TAPEDECK_EXPORT_STRATEGY(Class)                                      \
  extern "C" __attribute__((visibility("default"))) tapedeck::api::Strategy* \
  tapedeck_create_strategy(const char* config_json) {                        \
    return new Class(config_json);                                           \
  }

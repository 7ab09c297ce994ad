// Runs a session's scanners and strategies: the session::SessionParticipant
// the engine calls. Built from the config's `scanners` and `strategies`
// entries (built-ins by name, user modules from shared libraries).
//
// Scanners: on the first day, before the open, each universe symbol is added
// light (ensure_symbol with the scanner's provision), then Setup runs. Every
// day, pre-session scans run at the open before any bar, the regular-session
// scans at their times (each a step of its own, so they see the same session
// at any speed). Each selected symbol that is not already full in the session
// is promoted with add_symbol (added_by scanner, with the scanner's name) at
// once; the scan's result is recorded. Teardown runs when the run ends.
//
// Strategies: Subscriptions() is asked before the first open; OnSessionStart
// at every open (after the pre-session scans), OnBar for every completed
// subscribed bar in the engine's order, strategies in config order for each
// bar, OnSessionEnd after the close. "All session symbols" means the full
// ones (not a scanner's light universe), also those that join later.
//
// A scanner or strategy that throws is stopped and the error recorded
// (export, log); the session and the others go on. Loop thread only.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "session/session_config.hpp"
#include "session/session_participant.hpp"
#include "strategy/plugin_library.hpp"
#include "strategy/scan_schedule.hpp"
#include "tapedeck/strategy_api.hpp"

namespace tapedeck::strategy {

struct ScannerSlot {
  std::string name;
  ScanSchedule schedule;
  std::vector<std::string> universe;
  std::shared_ptr<PluginLibrary> library;  // Null for a built-in; outlives `scanner`.
  std::unique_ptr<api::Scanner> scanner;
  bool set_up = false;
  bool stopped = false;
  std::vector<Timestamp> today;  // Today's regular-session times.
  size_t next = 0;               // The first of `today` not run yet.
};

struct StrategySlot {
  struct Route {
    std::optional<model::Symbol> symbol;  // nullopt: every full symbol.
    model::Interval interval;
    std::string interval_text;
  };
  std::string name;
  std::shared_ptr<PluginLibrary> library;
  std::unique_ptr<api::Strategy> strategy;
  std::vector<Route> routes;
  bool subscribed = false;
  bool stopped = false;
  bool reads_session = true;  // Its bars are sync points (api::Strategy::reads_session).
  // Bit k: it takes every full symbol's bars of the host's k-th bar interval.
  uint64_t every_symbol = 0;
};

class StrategyHost final : public session::SessionParticipant {
 public:
  StrategyHost(std::vector<ScannerSlot> scanners, std::vector<StrategySlot> strategies);
  ~StrategyHost() override;

  bool empty() const { return scanners_.empty() && strategies_.empty(); }

  void OnDayStart(const calendar::SessionHours& hours, session::SessionContext& context) override;
  const std::vector<model::Interval>& BarIntervals() const override { return bar_intervals_; }
  std::optional<Timestamp> NextSyncPoint(Timestamp after) const override;
  void OnBars(std::span<const session::SessionBar> bars, session::SessionContext& context) override;
  void OnTime(session::SessionContext& context) override;
  void OnDayEnd(session::SessionContext& context) override;
  void OnRunEnd(session::SessionContext& context) override;

 private:
  void Provision(ScannerSlot& slot, session::SessionContext& context);
  void Subscribe(StrategySlot& slot, session::SessionContext& context);
  void RunScan(ScannerSlot& slot, session::SessionContext& context);
  // Hands one completion time's bars to one strategy; false when it threw or
  // read what it may not (it is to be stopped; the error is recorded).
  bool Deliver(StrategySlot& slot, std::span<const api::BarUpdate> updates, Timestamp completed_at,
               session::SessionContext& context);
  void Refresh();

  std::vector<ScannerSlot> scanners_;
  std::vector<StrategySlot> strategies_;
  bool first_day_ = true;
  std::optional<calendar::SessionHours> hours_;
  std::vector<model::Interval> bar_intervals_;  // Distinct subscribed intervals, active strategies.
  std::vector<std::string> bar_interval_texts_;  // Their names, for api::BarUpdate.
  // OnBars' scratch: the bars of one completion time, and what routes them.
  std::vector<api::BarUpdate> updates_;
  std::vector<const session::SessionBar*> update_bars_;
  std::vector<api::BarUpdate> routed_;
  // The same for the strategies that read the session: their bucket ends are sync points.
  std::vector<model::Interval> sync_intervals_;
};

// Builds the host of `config`'s enabled scanners and strategies, checking
// every entry (keys, schedule, universe, module, its config): each problem is
// an error in `report` naming the JSON path (unknown module names list the
// built-ins; user modules are loaded, so a missing file, entry point or ABI
// version mismatch shows here). Returns an error when `report` has one.
Result<std::unique_ptr<StrategyHost>> CreateStrategyHost(const session::SessionConfig& config,
                                                         session::ValidationReport& report);

}  // namespace tapedeck::strategy

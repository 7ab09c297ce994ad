#include "session/session_setup.hpp"

namespace tapedeck::session {
namespace {

Command ToCommand(const ScriptedCommand& scripted) {
  switch (scripted.kind) {
    case CommandKind::kAddSymbol: {
      AddSymbolCommand add;
      for (const model::Symbol& symbol : scripted.symbols) add.symbols.push_back(symbol.str());
      add.intervals = scripted.intervals;
      add.added_by = AddedBy::kScript;
      return add;
    }
    case CommandKind::kRemoveSymbol:
      return RemoveSymbolCommand{scripted.symbols.empty() ? "" : scripted.symbols.front().str()};
    case CommandKind::kSetSpeed:
      return SetSpeedCommand{scripted.speed_multiplier};
    case CommandKind::kPause:
      return PauseCommand{};
    case CommandKind::kResume:
      return ResumeCommand{};
    case CommandKind::kStop:
      return StopCommand{};
    case CommandKind::kAddIndicator:
      return AddIndicatorCommand{scripted.symbols.front().str(), scripted.indicator->spec};
  }
  return StopCommand{};
}

}  // namespace

Result<SessionSetup> MakeSessionSetup(const SessionConfig& config,
                                      const calendar::TradingCalendar& calendar,
                                      std::optional<Date> today) {
  SessionSetup setup;
  setup.name = config.session_name;
  setup.mode = std::string(ToString(config.mode));
  setup.symbols = config.data.symbols;
  if (config.live) {
    // One day: the configured one, or today in New York.
    if (!config.live->date && !today) {
      return Error::InvalidArgument("live_config.date: missing, and today is not known here");
    }
    const Date day = config.live->date ? *config.live->date : *today;
    TD_ASSIGN_OR_RETURN(const bool open, calendar.IsSession(day));
    if (!open) {
      return Error::InvalidArgument(
          "live_config: the market has no session on {}: a live session runs on a trading day "
          "(set live_config.date to replay another day from a feed server)",
          FormatDate(day));
    }
    setup.start_date = day;
    setup.end_date = day;
  } else {
    if (!config.backtest) return Error::InvalidArgument("backtest_config is missing");
    setup.speed = config.backtest->speed_multiplier;
    TD_ASSIGN_OR_RETURN(
        const std::vector<Date> sessions,
        calendar.SessionsBetween(config.backtest->start_date, config.backtest->end_date));
    if (sessions.empty()) {
      return Error::InvalidArgument("backtest_config: no trading session between {} and {}",
                                    FormatDate(config.backtest->start_date),
                                    FormatDate(config.backtest->end_date));
    }
    setup.start_date = sessions.front();
    setup.end_date = sessions.back();
  }

  loading::SessionPlan& plan = setup.plan;
  plan.base = config.BaseInterval();
  if (config.live && plan.base != model::Interval::Minutes(1)) {
    return Error::InvalidArgument(
        "session_data_config.streams: a live session streams the feed's 1m bars, but the smallest "
        "stream is {}: list 1m",
        plan.base.ToString());
  }
  plan.derived = config.DerivedIntervals();
  for (const model::Interval interval : plan.derived) {
    plan.policies[interval] = config.AggregationFor(interval) == AggregationPolicy::kRequireComplete
                                  ? aggregate::BucketPolicy::kRequireComplete
                                  : aggregate::BucketPolicy::kEmitPartial;
  }
  plan.indicators = config.SessionIndicatorSpecs();
  for (const HistoricalIndicatorConfig& historical : config.data.historical_indicators) {
    TD_ASSIGN_OR_RETURN(
        indicators::HistoricalSpec spec,
        indicators::ParseHistoricalSpec(
            historical.name, historical.period,
            historical.unit == HistoricalUnit::kWeeks ? "weeks" : "days", historical.params));
    plan.historical_indicators.push_back(std::move(spec));
  }
  for (const HistoricalDataConfig& history : config.data.historical) {
    plan.history.push_back(loading::HistoryRequest{
        history.trailing_days, history.intervals,
        history.apply_to_all ? std::vector<model::Symbol>{} : history.apply_to});
  }
  for (const ScriptedCommand& scripted : config.commands) {
    setup.script.push_back(ScheduledCommand{scripted.at, ToCommand(scripted)});
  }
  nlohmann::ordered_json passthrough = nlohmann::ordered_json::object();
  if (!config.trading_config.is_null()) passthrough["trading_config"] = config.trading_config;
  if (!config.api_config.is_null()) passthrough["api_config"] = config.api_config;
  if (!config.metadata.is_null()) passthrough["metadata"] = config.metadata;
  setup.passthrough = passthrough;
  return setup;
}

}  // namespace tapedeck::session

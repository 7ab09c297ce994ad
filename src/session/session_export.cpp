#include "session/session_export.hpp"

#include <cmath>
#include <set>

namespace tapedeck::session {
namespace {

using Json = nlohmann::ordered_json;

Json Number(double value) { return std::isnan(value) ? Json(nullptr) : Json(value); }

Json Time(const std::optional<Timestamp>& t) {
  return t ? Json(FormatTimestamp(*t)) : Json(nullptr);
}

Json Score(const std::optional<double>& score) { return score ? Json(*score) : Json(nullptr); }

Json QualityJson(const quality::QualityReport& report) {
  Json gaps = Json::array();
  for (const model::Gap& gap : report.gaps) {
    gaps.push_back({{"start", FormatTimestamp(gap.start)},
                    {"end", FormatTimestamp(gap.end)},
                    {"missing", gap.missing_bars}});
  }
  return {{"score", Score(report.score())},
          {"expected", report.expected_bars},
          {"present", report.present_bars},
          {"gaps", gaps}};
}

Json BarJson(const model::Bar& bar) {
  return Json::array({FormatTimestamp(bar.open_time), bar.open, bar.high, bar.low, bar.close,
                      bar.volume, bar.bar_count});
}

Json IndicatorJson(const loading::IndicatorState& indicator) {
  const auto values = indicator.indicator->values();
  const auto names = indicator.indicator->output_names();
  Json value;
  if (values.size() == 1) {
    value = Number(values[0]);
  } else {
    value = Json::object();
    for (size_t i = 0; i < values.size(); ++i) value[std::string(names[i])] = Number(values[i]);
  }
  return {{"value", value},
          {"ready", indicator.indicator->ready()},
          {"updated_at", Time(indicator.updated_at)}};
}

Json MetricsJson(const loading::SessionMetrics& metrics) {
  return {{"volume", metrics.volume},
          {"high", metrics.high ? Json(*metrics.high) : Json(nullptr)},
          {"low", metrics.low ? Json(*metrics.low) : Json(nullptr)},
          {"last_update", Time(metrics.last_update)}};
}

}  // namespace

Json ExportSymbol(const SymbolRecord& record, const ExportOptions& options, bool with_provenance) {
  const loading::SymbolState& state = *record.state;
  Json out = Json::object();
  if (with_provenance) {
    out["added_by"] = std::string(ToString(record.added_by));
    if (record.added_by_name) out["added_by_name"] = *record.added_by_name;
    out["added_at"] = FormatTimestamp(record.added_at);
    out["upgraded_from"] = record.upgraded_from ? Json(*record.upgraded_from) : Json(nullptr);
  }
  out["meets_requirements"] = record.meets_requirements;
  Json intervals = Json::array();
  for (const model::Interval interval : record.intervals) intervals.push_back(interval.ToString());
  out["intervals"] = intervals;

  Json bars = Json::object();
  Json quality = Json::object();
  for (const loading::IntervalSeries& series : state.series()) {
    Json entry = {
        {"count", series.bars.size()},
        {"first", series.bars.empty() ? Json(nullptr)
                                      : Json(FormatTimestamp(series.bars.front().open_time))},
        {"last", series.bars.empty() ? Json(nullptr)
                                     : Json(FormatTimestamp(series.bars.back().open_time))}};
    if (options.include_bars) {
      Json list = Json::array();
      for (const model::Bar& bar : series.bars) list.push_back(BarJson(bar));
      entry["bars"] = list;
    }
    bars[series.interval.ToString()] = entry;
    if (series.quality) quality[series.interval.ToString()] = QualityJson(series.quality->report());
  }
  out["bars"] = bars;

  Json indicators = Json::object();
  for (const loading::IndicatorState& indicator : state.indicators()) {
    indicators[indicator.key] = IndicatorJson(indicator);
  }
  out["indicators"] = indicators;

  Json historical_bars = Json::object();
  Json historical_quality = Json::object();
  for (const loading::HistoricalSeries& series : state.historical()) {
    historical_bars[series.interval.ToString()] = {
        {"count", series.bar_count},
        {"first_session",
         series.first_session ? Json(FormatDate(*series.first_session)) : Json(nullptr)},
        {"last_session",
         series.last_session ? Json(FormatDate(*series.last_session)) : Json(nullptr)},
        {"source", series.source}};
    if (series.quality.empty()) continue;
    Json sessions = Json::array();
    int64_t present = 0;
    int64_t expected = 0;
    for (const auto& [date, report] : series.quality) {
      Json day = QualityJson(report);
      day["date"] = FormatDate(date);
      sessions.push_back(day);
      present += report.present_bars;
      expected += report.expected_bars;
    }
    historical_quality[series.interval.ToString()] = {
        {"sessions", sessions},
        {"combined", expected == 0 ? Json(nullptr)
                                   : Json(std::min(100.0, 100.0 * static_cast<double>(present) /
                                                              static_cast<double>(expected)))}};
  }
  out["historical"] = {{"bars", historical_bars}};

  Json historical_indicators = Json::object();
  for (const loading::HistoricalIndicatorState& indicator : state.historical_indicators()) {
    Json value = Json::object();
    for (const auto& [name, number] : indicator.value.outputs)
      value[std::string(name)] = Number(number);
    if (indicator.value.outputs.size() == 1) value = Number(indicator.value.outputs.front().second);
    historical_indicators[indicator.key] = {
        {"value", value},
        {"ready", indicator.value.ready},
        {"as_of",
         indicator.value.as_of ? Json(FormatDate(*indicator.value.as_of)) : Json(nullptr)}};
  }
  out["historical_indicators"] = historical_indicators;
  out["quality"] = quality;
  out["historical_quality"] = historical_quality;

  out["metrics"] = MetricsJson(state.metrics());
  return out;
}

namespace {

Json SessionJson(const SessionEngine& engine) {
  const SessionSetup& setup = engine.setup();
  const SessionMetricsTotals& totals = engine.totals();
  return {{"name", setup.name},
          {"mode", setup.mode},
          {"start_date", FormatDate(setup.start_date)},
          {"end_date", FormatDate(setup.end_date)},
          {"session_date",
           engine.session_date() ? Json(FormatDate(*engine.session_date())) : Json(nullptr)},
          {"clock", FormatTimestamp(engine.now())},
          {"state", std::string(ToString(engine.state()))},
          {"metrics", {{"base_bars", totals.base_bars}, {"days", totals.days}}}};
}

Json CommandsJson(const SessionEngine& engine, size_t from) {
  Json commands = Json::array();
  const std::vector<CommandRecord>& log = engine.command_log();
  for (size_t i = from; i < log.size(); ++i) {
    const CommandRecord& record = log[i];
    commands.push_back({{"at", FormatTimestamp(record.at)},
                        {"command", record.command},
                        {"source", record.source},
                        {"error", record.error ? Json(*record.error) : Json(nullptr)}});
  }
  return commands;
}

Json ScansJson(const SessionEngine& engine, size_t from) {
  Json scans = Json::array();
  for (size_t i = from; i < engine.scans().size(); ++i) {
    const ScanResult& scan = engine.scans()[i];
    scans.push_back({{"time", FormatTimestamp(scan.time)},
                     {"scanner", scan.scanner},
                     {"selected", scan.selected},
                     {"reason", scan.reason}});
  }
  return scans;
}

Json SignalsJson(const SessionEngine& engine, size_t from) {
  Json signals = Json::array();
  for (size_t i = from; i < engine.signals().size(); ++i) {
    const Signal& signal = engine.signals()[i];
    signals.push_back({{"time", FormatTimestamp(signal.time)},
                       {"strategy", signal.strategy},
                       {"symbol", signal.symbol},
                       {"side", std::string(ToString(signal.side))},
                       {"quantity", signal.quantity ? Json(*signal.quantity) : Json(nullptr)},
                       {"weight", signal.weight ? Json(*signal.weight) : Json(nullptr)},
                       {"reason", signal.reason}});
  }
  return signals;
}

Json ParticipantErrorsJson(const SessionEngine& engine, size_t from) {
  Json errors = Json::array();
  for (size_t i = from; i < engine.participant_errors().size(); ++i) {
    const ParticipantError& error = engine.participant_errors()[i];
    errors.push_back({{"time", FormatTimestamp(error.time)},
                      {"participant", error.participant},
                      {"error", error.error}});
  }
  return errors;
}

// What changed in one symbol since the cursor: new bars, indicators updated
// after the cursor's time, and the current quality and metrics.
Json SymbolDelta(const model::Symbol& symbol, const SymbolRecord& record, ExportCursor& cursor) {
  const loading::SymbolState& state = *record.state;
  Json bars = Json::object();
  Json quality = Json::object();
  for (const loading::IntervalSeries& series : state.series()) {
    size_t& sent = cursor.bars_sent[{symbol, series.interval}];
    Json list = Json::array();
    for (size_t i = sent; i < series.bars.size(); ++i) list.push_back(BarJson(series.bars[i]));
    sent = series.bars.size();
    bars[series.interval.ToString()] = {{"count", series.bars.size()}, {"new", list}};
    if (series.quality) quality[series.interval.ToString()] = QualityJson(series.quality->report());
  }
  Json indicators = Json::object();
  for (const loading::IndicatorState& indicator : state.indicators()) {
    if (!indicator.updated_at || (cursor.at && *indicator.updated_at <= *cursor.at)) continue;
    indicators[indicator.key] = IndicatorJson(indicator);
  }
  return {{"bars", bars},
          {"indicators", indicators},
          {"quality", quality},
          {"metrics", MetricsJson(state.metrics())}};
}

}  // namespace

Json ExportDelta(const SessionEngine& engine, ExportCursor& cursor) {
  if (cursor.session_date != engine.session_date()) {
    cursor.bars_sent.clear();  // A new day: today's bars start again.
    cursor.session_date = engine.session_date();
  }
  Json out = Json::object();
  out["schema_version"] = kExportSchemaVersion;
  out["delta"] = {{"since", Time(cursor.at)}, {"until", FormatTimestamp(engine.now())}};
  out["session"] = SessionJson(engine);
  Json symbols = Json::object();
  std::set<model::Symbol> present;
  for (const auto& [symbol, record] : engine.symbols()) {
    present.insert(symbol);
    if (!cursor.symbols.contains(symbol) || (cursor.at && record.added_at > *cursor.at)) {
      // New to the reader (or reloaded since, as an upgrade): everything.
      symbols[symbol.str()] = ExportSymbol(record, {.include_bars = true});
      for (const loading::IntervalSeries& series : record.state->series()) {
        cursor.bars_sent[{symbol, series.interval}] = series.bars.size();
      }
      continue;
    }
    symbols[symbol.str()] = SymbolDelta(symbol, record, cursor);
  }
  Json removed = Json::array();
  for (const model::Symbol& symbol : cursor.symbols) {
    if (!present.contains(symbol)) removed.push_back(symbol.str());
  }
  out["symbols"] = symbols;
  out["removed"] = removed;
  out["commands"] = CommandsJson(engine, cursor.commands_sent);
  cursor.commands_sent = engine.command_log().size();
  if (engine.has_participants()) {
    out["scans"] = ScansJson(engine, cursor.scans_sent);
    out["signals"] = SignalsJson(engine, cursor.signals_sent);
    out["participant_errors"] = ParticipantErrorsJson(engine, cursor.participant_errors_sent);
    cursor.scans_sent = engine.scans().size();
    cursor.signals_sent = engine.signals().size();
    cursor.participant_errors_sent = engine.participant_errors().size();
  }
  cursor.symbols = std::move(present);
  cursor.at = engine.now();
  return out;
}

Json ExportSession(const SessionEngine& engine, const ExportOptions& options) {
  const SessionSetup& setup = engine.setup();
  const SessionMetricsTotals& totals = engine.totals();
  Json out = Json::object();
  out["schema_version"] = kExportSchemaVersion;
  out["session"] = SessionJson(engine);
  Json symbols = Json::object();
  for (const auto& [symbol, record] : engine.symbols()) {
    symbols[symbol.str()] = ExportSymbol(record, options);
  }
  out["symbols"] = symbols;
  out["commands"] = CommandsJson(engine, 0);
  if (engine.has_participants()) {
    out["scans"] = ScansJson(engine, 0);
    out["signals"] = SignalsJson(engine, 0);
    out["participant_errors"] = ParticipantErrorsJson(engine, 0);
  }
  for (const auto& [key, value] : setup.passthrough.items()) out[key] = value;

  const double seconds = std::chrono::duration<double>(totals.wall_time).count();
  Json gaps = Json::array();
  for (const SessionGap& gap : totals.gaps) {
    gaps.push_back(
        {{"at", FormatTimestamp(gap.at)},
         {"symbols", gap.symbols},
         {"register_s", std::chrono::duration<double>(gap.times.register_symbol).count()},
         {"history_s", std::chrono::duration<double>(gap.times.history).count()},
         {"warmup_s", std::chrono::duration<double>(gap.times.warmup).count()},
         {"catchup_s", std::chrono::duration<double>(gap.times.catchup).count()},
         {"total_s", std::chrono::duration<double>(gap.times.total).count()}});
  }
  out["timing"] = {
      {"speed", engine.speed()},
      {"wall_seconds", seconds},
      {"bars_per_second", seconds > 0 ? static_cast<double>(totals.base_bars) / seconds : 0.0},
      // Step-loop iterations: fewer when the loop runs ahead (speed 0).
      {"steps", totals.steps},
      {"phases_s",
       {{"pre_session_load", std::chrono::duration<double>(totals.pre_session_load).count()},
        {"day_rolls", std::chrono::duration<double>(totals.day_rolls).count()},
        {"streaming", std::chrono::duration<double>(totals.streaming).count()}}},
      {"session_gaps", gaps}};
  // A live session's feed: wall-clock facts, so they live under timing.
  if (const std::optional<loading::LiveStatus> feed = engine.live_status()) {
    out["timing"]["feed"] = {
        {"connected", feed->connected},
        {"caught_up", feed->caught_up},
        {"last_message", feed->last_message == Timestamp{}
                             ? Json(nullptr)
                             : Json(FormatTimestamp(feed->last_message))},
        {"lag_s", std::chrono::duration<double>(feed->lag).count()},
        {"horizon",
         feed->horizon == Timestamp{} ? Json(nullptr) : Json(FormatTimestamp(feed->horizon))},
        {"reconnects", feed->reconnects},
        {"bars", feed->bars},
        {"late_bars", feed->late_bars},
        {"duplicates", feed->duplicates},
        {"corrections", feed->corrections},
        {"malformed", feed->malformed},
        {"last_error", feed->last_error}};
  }
  return out;
}

}  // namespace tapedeck::session

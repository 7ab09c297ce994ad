#include "session/session_export.hpp"

#include <cmath>

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

}  // namespace

Json ExportSymbol(const SymbolRecord& record, const ExportOptions& options, bool with_provenance) {
  const loading::SymbolState& state = *record.state;
  Json out = Json::object();
  if (with_provenance) {
    out["added_by"] = std::string(ToString(record.added_by));
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
    const auto values = indicator.indicator->values();
    const auto names = indicator.indicator->output_names();
    Json value;
    if (values.size() == 1) {
      value = Number(values[0]);
    } else {
      value = Json::object();
      for (size_t i = 0; i < values.size(); ++i) value[std::string(names[i])] = Number(values[i]);
    }
    indicators[indicator.key] = {{"value", value},
                                 {"ready", indicator.indicator->ready()},
                                 {"updated_at", Time(indicator.updated_at)}};
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

  const loading::SessionMetrics& metrics = state.metrics();
  out["metrics"] = {{"volume", metrics.volume},
                    {"high", metrics.high ? Json(*metrics.high) : Json(nullptr)},
                    {"low", metrics.low ? Json(*metrics.low) : Json(nullptr)},
                    {"last_update", Time(metrics.last_update)}};
  return out;
}

Json ExportSession(const SessionEngine& engine, const ExportOptions& options) {
  const SessionSetup& setup = engine.setup();
  const SessionMetricsTotals& totals = engine.totals();
  Json out = Json::object();
  out["schema_version"] = kExportSchemaVersion;
  out["session"] = {
      {"name", setup.name},
      {"mode", setup.mode},
      {"start_date", FormatDate(setup.start_date)},
      {"end_date", FormatDate(setup.end_date)},
      {"session_date",
       engine.session_date() ? Json(FormatDate(*engine.session_date())) : Json(nullptr)},
      {"clock", FormatTimestamp(engine.now())},
      {"state", std::string(ToString(engine.state()))},
      {"metrics", {{"base_bars", totals.base_bars}, {"days", totals.days}}}};
  Json symbols = Json::object();
  for (const auto& [symbol, record] : engine.symbols()) {
    symbols[symbol.str()] = ExportSymbol(record, options);
  }
  out["symbols"] = symbols;
  Json commands = Json::array();
  for (const CommandRecord& record : engine.command_log()) {
    commands.push_back({{"at", FormatTimestamp(record.at)},
                        {"command", record.command},
                        {"source", record.source},
                        {"error", record.error ? Json(*record.error) : Json(nullptr)}});
  }
  out["commands"] = commands;
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
      {"session_gaps", gaps}};
  return out;
}

}  // namespace tapedeck::session

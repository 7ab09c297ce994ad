#include "session/session_config.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "core/check.hpp"
#include "session/config_diagnostics.hpp"
#include "session/config_intervals.hpp"
#include "session/config_parser.hpp"

namespace tapedeck::session {
namespace {

using internal::JoinIntervals;
using internal::Plural;
using model::Interval;
using model::Symbol;

// "line 3, column 5" of a 1-based byte position, as an editor counts them.
std::string LineAndColumn(std::string_view text, size_t byte) {
  const size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return fmt::format("line {}, column {}", line, end - line_start + 1);
}

// nlohmann's message without its "[json.exception...] parse error at ...: " prefix.
std::string ParseErrorReason(const std::string& what) {
  const size_t column = what.find("column ");
  const size_t colon = what.find(": ", column == std::string::npos ? 0 : column);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// Phase 0's warm-up check: an indicator that needs more bars than the
// history of the base interval gives is not ready at the first open.
void WarnAboutWarmup(const SessionConfig& config, ValidationReport& report) {
  const Interval base = config.BaseInterval();
  int trailing = 0;
  for (const HistoricalDataConfig& history : config.data.historical) {
    if (history.apply_to_all &&
        std::ranges::find(history.intervals, base) != history.intervals.end()) {
      trailing = std::max(trailing, history.trailing_days);
    }
  }
  const Duration regular = std::chrono::minutes(390);
  for (size_t i = 0; i < config.data.session_indicators.size(); ++i) {
    const SessionIndicatorConfig& indicator = config.data.session_indicators[i];
    auto created = indicators::CreateIndicator(indicator.spec);
    if (!created.ok()) continue;  // Reported where the spec was parsed.
    const Interval interval = indicator.spec.interval;
    const int64_t per_session =
        interval == Interval::Weeks(1) ? 0
        : interval.is_daily_or_longer()
            ? 1
            : (regular + interval.duration() - Duration(1)) / interval.duration();
    const int64_t given = interval == Interval::Weeks(1) ? trailing / 5 : trailing * per_session;
    const int needed = (*created)->lookback();
    if (given >= needed) continue;
    report.warnings.push_back(fmt::format(
        "session_data_config.indicators.session[{}]: {} needs {} {} bars to be ready, but {} "
        "trailing session{} of {} history give{} {}: it is not ready at the first open (raise "
        "historical.data trailing_days for {})",
        i, indicator.key, needed, interval.ToString(), trailing, trailing == 1 ? "" : "s",
        base.ToString(), trailing == 1 ? "s" : "", given, base.ToString()));
  }
}

Result<SessionConfig> Finish(SessionConfig config, ValidationReport& report, size_t errors_before) {
  const size_t errors = report.errors.size() - errors_before;
  if (errors == 0) {
    WarnAboutWarmup(config, report);
    return config;
  }
  return Error::InvalidArgument("{}; the first: {}", Plural(errors, "error"),
                                report.errors[errors_before]);
}

}  // namespace

std::vector<std::string> ValidationReport::Lines() const {
  std::vector<std::string> lines;
  for (const std::string& error : errors) lines.push_back("error: " + error);
  for (const std::string& warning : warnings) lines.push_back("warning: " + warning);
  return lines;
}

bool HistoricalDataConfig::AppliesTo(const Symbol& symbol) const {
  return apply_to_all || std::ranges::find(apply_to, symbol) != apply_to.end();
}

Interval SessionConfig::BaseInterval() const {
  TD_CHECK(!data.streams.empty(), "a validated session config has streams");
  return internal::ChooseBase(data.streams);
}

std::vector<Interval> SessionConfig::DerivedIntervals() const {
  const Interval base = BaseInterval();
  std::set<Interval> derived;
  for (const Interval stream : data.streams) {
    if (stream != base) derived.insert(stream);
  }
  for (const SessionIndicatorConfig& indicator : data.session_indicators) {
    if (indicator.spec.interval != base) derived.insert(indicator.spec.interval);
  }
  return {derived.begin(), derived.end()};
}

std::vector<indicators::IndicatorSpec> SessionConfig::SessionIndicatorSpecs() const {
  std::vector<indicators::IndicatorSpec> specs;
  for (const SessionIndicatorConfig& indicator : data.session_indicators) {
    specs.push_back(indicator.spec);
  }
  return specs;
}

AggregationPolicy SessionConfig::AggregationFor(Interval interval) const {
  const auto it = data.aggregation.find(interval);
  return it == data.aggregation.end() ? AggregationPolicy::kEmitPartial : it->second;
}

Result<SessionConfig> ParseSessionConfig(const nlohmann::ordered_json& root,
                                         ValidationReport& report) {
  const size_t errors_before = report.errors.size();
  try {  // Nothing below should throw; the JSON library's exceptions stop here regardless.
    internal::ConfigDiagnostics diagnostics(report);
    return Finish(internal::ParseConfigRoot(root, diagnostics), report, errors_before);
  } catch (const nlohmann::json::exception& e) {
    return Error::Internal("reading the session config: {}", e.what());
  }
}

Result<SessionConfig> ParseSessionConfig(const nlohmann::json& root, ValidationReport& report) {
  try {
    return ParseSessionConfig(nlohmann::ordered_json(root), report);
  } catch (const nlohmann::json::exception& e) {
    return Error::Internal("reading the session config: {}", e.what());
  }
}

Result<SessionConfig> ParseSessionConfigText(std::string_view text, std::string_view source,
                                             ValidationReport& report) {
  nlohmann::ordered_json root;
  try {  // The JSON library throws; its exceptions end here, at the edge.
    root = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    const std::string message =
        fmt::format("{}: {}", LineAndColumn(text, e.byte), ParseErrorReason(e.what()));
    report.errors.push_back(message);
    return Error::InvalidArgument("{}: not valid JSON: {}", source, message);
  } catch (const nlohmann::json::exception& e) {
    report.errors.push_back(e.what());
    return Error::InvalidArgument("{}: not valid JSON: {}", source, e.what());
  }
  return ParseSessionConfig(root, report).WithContext(source);
}

Result<SessionConfig> LoadSessionConfig(const std::filesystem::path& path,
                                        ValidationReport& report) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) {
    return Error::NotFound("config {}: no such file", path.string());
  }
  if (!std::filesystem::is_regular_file(status)) {
    return Error::InvalidArgument("config {}: not a regular file", path.string());
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return Error::IoError("config {}: cannot open the file", path.string());
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return Error::IoError("config {}: read failed", path.string());
  Result<SessionConfig> config =
      ParseSessionConfigText(text.str(), fmt::format("config {}", path.string()), report);
  if (config.ok() && config->session_name.empty()) {
    config->session_name = path.stem().string();
  }
  return config;
}

std::string DescribeSessionConfig(const SessionConfig& config) {
  std::string streams = JoinIntervals(config.data.streams);
  if (config.data.quotes) streams += " quotes";
  std::string text =
      fmt::format("{}, streams {} (base {})", Plural(config.data.symbols.size(), "symbol"), streams,
                  config.BaseInterval().ToString());
  const std::vector<Interval> derived = config.DerivedIntervals();
  if (!derived.empty()) text += fmt::format(", derived {}", JoinIntervals(derived));
  text += fmt::format(", {}, {} historical",
                      Plural(config.data.session_indicators.size(), "session indicator"),
                      config.data.historical_indicators.size());
  return text;
}

std::string_view ToString(SessionMode mode) {
  return mode == SessionMode::kBacktest ? "backtest" : "live";
}

std::string_view ToString(AggregationPolicy policy) {
  return policy == AggregationPolicy::kEmitPartial ? "emit_partial" : "require_complete";
}

std::string_view ToString(MissingDataPolicy policy) {
  return policy == MissingDataPolicy::kError ? "error" : "drop_symbol";
}

std::string_view ToString(CommandKind kind) {
  switch (kind) {
    case CommandKind::kAddSymbol:
      return "add_symbol";
    case CommandKind::kRemoveSymbol:
      return "remove_symbol";
    case CommandKind::kAddIndicator:
      return "add_indicator";
    case CommandKind::kSetSpeed:
      return "set_speed";
    case CommandKind::kPause:
      return "pause";
    case CommandKind::kResume:
      return "resume";
    case CommandKind::kStop:
      return "stop";
  }
  return "unknown";
}

}  // namespace tapedeck::session

#include "cli/run_command.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>

#include "calendar/zone.hpp"
#include "cli/text_table.hpp"
#include "session/session_config.hpp"
#include "session/session_export.hpp"
#include "session/session_setup.hpp"
#include "store/duckdb_bar_store.hpp"

namespace tapedeck::cli {
namespace {

struct RunOptions {
  std::string config;
  std::string export_path;
  bool export_bars = false;
  std::optional<double> speed;
  std::vector<std::string> at;  // Pairs: TIME, COMMAND.
  bool quiet = false;
  bool drop_missing = false;
};

// "--at TIME COMMAND": TIME is ISO-8601 (New York when it has no offset);
// COMMAND is "add_symbol SYM[,SYM…]", "remove_symbol SYM", "set_speed N",
// "pause", "resume" or "stop".
Result<session::ScheduledCommand> ParseAt(std::string_view time, std::string_view text) {
  TD_ASSIGN_OR_RETURN(const ParsedDateTime parsed, ParseIsoDateTime(time));
  Timestamp at{};
  if (parsed.utc_offset) {
    at = Timestamp(parsed.local.time_since_epoch() - *parsed.utc_offset);
  } else {
    TD_ASSIGN_OR_RETURN(at, calendar::NewYork().ToUtc(parsed.local));
  }
  std::istringstream words{std::string(text)};
  std::string verb, argument;
  words >> verb >> argument;
  if (verb == "add_symbol" && !argument.empty()) {
    session::AddSymbolCommand add;
    std::stringstream list(argument);
    for (std::string symbol; std::getline(list, symbol, ',');) add.symbols.push_back(symbol);
    add.added_by = session::AddedBy::kScript;
    return session::ScheduledCommand{at, add};
  }
  if (verb == "remove_symbol" && !argument.empty()) {
    return session::ScheduledCommand{at, session::RemoveSymbolCommand{argument}};
  }
  if (verb == "set_speed" && !argument.empty()) {
    return session::ScheduledCommand{at, session::SetSpeedCommand{std::atof(argument.c_str())}};
  }
  if (verb == "pause") return session::ScheduledCommand{at, session::PauseCommand{}};
  if (verb == "resume") return session::ScheduledCommand{at, session::ResumeCommand{}};
  if (verb == "stop") return session::ScheduledCommand{at, session::StopCommand{}};
  return Error::InvalidArgument(
      "--at {} '{}': expected add_symbol SYM[,SYM…], remove_symbol SYM, set_speed N, pause, "
      "resume or stop",
      time, text);
}

// Phase 0: every symbol needs base bars on every session of the window.
Status CheckData(store::BarStore& store, session::SessionSetup& setup,
                 const calendar::TradingCalendar& calendar, bool drop_missing, std::ostream& err) {
  TD_ASSIGN_OR_RETURN(const std::vector<Date> days,
                      calendar.SessionsBetween(setup.start_date, setup.end_date));
  std::vector<std::string> problems;
  std::vector<model::Symbol> kept;
  for (const model::Symbol& symbol : setup.symbols) {
    const calendar::SessionHours first = **calendar.Session(days.front());
    const calendar::SessionHours last = **calendar.Session(days.back());
    TD_ASSIGN_OR_RETURN(const std::vector<model::Bar> bars,
                        store.Read(symbol, setup.plan.base, first.open, last.close));
    std::vector<std::string> missing;
    auto next = bars.begin();
    for (const Date day : days) {
      const calendar::SessionHours hours = **calendar.Session(day);
      while (next != bars.end() && next->open_time < hours.open) ++next;
      if (next == bars.end() || next->open_time >= hours.close) missing.push_back(FormatDate(day));
    }
    if (missing.empty()) {
      kept.push_back(symbol);
      continue;
    }
    const std::string what =
        fmt::format("{}: no {} bars on {} of {} sessions ({}{})", symbol.str(),
                    setup.plan.base.ToString(), missing.size(), days.size(), missing.front(),
                    missing.size() > 1 ? fmt::format(" … {}", missing.back()) : "");
    problems.push_back(what);
    if (drop_missing) err << "warning: dropping " << what << '\n';
  }
  if (!problems.empty() && !drop_missing) {
    std::string text = "missing data in the store (import it, or pass --drop-missing):";
    for (const std::string& p : problems) text += "\n  " + p;
    return Error::NotFound("{}", text);
  }
  setup.symbols = kept;
  return Status::Ok();
}

std::string Value(double v) { return std::isnan(v) ? "–" : fmt::format("{:.4f}", v); }

void PrintSummary(const session::SessionEngine& engine, std::ostream& out) {
  const session::SessionMetricsTotals& totals = engine.totals();
  for (const auto& [symbol, record] : engine.symbols()) {
    out << fmt::format("\n{}  added by {} at {}\n", symbol.str(),
                       session::ToString(record.added_by),
                       calendar::NewYork().Format(record.added_at));
    TextTable bars({"INTERVAL", "BARS", "QUALITY", "GAPS"}, {false, true, true, true});
    for (const loading::IntervalSeries& series : record.state->series()) {
      const auto report = series.quality ? series.quality->report() : quality::QualityReport{};
      const auto score = report.score();
      bars.AddRow({series.interval.ToString(), std::to_string(series.bars.size()),
                   score ? fmt::format("{:.1f}%", *score) : "–",
                   std::to_string(report.gaps.size())});
    }
    bars.Print(out);
    TextTable indicators({"INDICATOR", "VALUE", "READY"}, {false, true, false});
    for (const loading::IndicatorState& indicator : record.state->indicators()) {
      const auto values = indicator.indicator->values();
      const auto names = indicator.indicator->output_names();
      for (size_t i = 0; i < values.size(); ++i) {
        const std::string key =
            values.size() == 1 ? indicator.key : indicator.key + "." + std::string(names[i]);
        indicators.AddRow({key, Value(values[i]), indicator.indicator->ready() ? "yes" : "no"});
      }
    }
    for (const loading::HistoricalIndicatorState& historical :
         record.state->historical_indicators()) {
      for (const auto& [name, value] : historical.value.outputs) {
        const std::string key = historical.value.outputs.size() == 1
                                    ? historical.key
                                    : historical.key + "." + std::string(name);
        indicators.AddRow({key, Value(value), historical.value.ready ? "yes" : "no"});
      }
    }
    if (indicators.size() > 0) indicators.Print(out);
  }
  const double seconds = std::chrono::duration<double>(totals.wall_time).count();
  out << fmt::format("\n{} sessions, {} symbols, {} base bars in {:.3f} s ({:.0f} bars/s)\n",
                     totals.days, engine.symbols().size(), totals.base_bars, seconds,
                     seconds > 0 ? static_cast<double>(totals.base_bars) / seconds : 0.0);
}

Status RunRun(CliContext& context, const RunOptions& options) {
  session::ValidationReport report;
  Result<session::SessionConfig> config = session::LoadSessionConfig(options.config, report);
  for (const std::string& line : report.Lines()) context.err << line << '\n';
  if (!config.ok()) {
    if (report.errors.empty()) return config.error();
    return Error::InvalidArgument("config {} has {} error{}: see tapedeck validate {}",
                                  options.config, report.errors.size(),
                                  report.errors.size() == 1 ? "" : "s", options.config);
  }
  TD_ASSIGN_OR_RETURN(const calendar::TradingCalendar calendar,
                      calendar::TradingCalendar::ForExchange(config->exchange_group));
  TD_ASSIGN_OR_RETURN(session::SessionSetup setup, session::MakeSessionSetup(*config, calendar));
  if (options.speed) setup.speed = *options.speed;
  for (size_t i = 0; i + 1 < options.at.size(); i += 2) {
    TD_ASSIGN_OR_RETURN(session::ScheduledCommand command,
                        ParseAt(options.at[i], options.at[i + 1]));
    setup.script.push_back(std::move(command));
  }
  TD_ASSIGN_OR_RETURN(auto store, store::DuckDbBarStore::Open(context.db_path));
  TD_RETURN_IF_ERROR(CheckData(*store, setup, calendar,
                               options.drop_missing || config->data.on_missing_data ==
                                                           session::MissingDataPolicy::kDropSymbol,
                               context.err));
  if (!context.replay_source) return Error::Internal("no replay bar source was wired in");
  std::unique_ptr<loading::BarSource> source = context.replay_source(*store);
  const clock::WallClock wall;
  session::SessionEngine engine(std::move(setup), *store, *source, calendar, wall);
  if (!options.quiet) {
    context.out << fmt::format("running {}: {} → {}, {} symbols, speed {}\n", engine.setup().name,
                               FormatDate(engine.setup().start_date),
                               FormatDate(engine.setup().end_date), engine.setup().symbols.size(),
                               engine.setup().speed);
  }
  TD_RETURN_IF_ERROR(engine.Run());
  if (!options.quiet) PrintSummary(engine, context.out);
  if (!options.export_path.empty()) {
    std::ofstream file(options.export_path);
    if (!file) return Error::IoError("cannot write the export to {}", options.export_path);
    file << session::ExportSession(engine, {.include_bars = options.export_bars}).dump(2) << '\n';
    if (!options.quiet) context.out << "export written to " << options.export_path << '\n';
  }
  return Status::Ok();
}

}  // namespace

void AddRunCommand(CLI::App& app, CliContext& context) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* run = app.add_subcommand("run", "Run a backtest session headless from a config");
  run->add_option("config", options->config, "Session config file (JSON)")->required();
  run->add_option("--export", options->export_path,
                  "Write the complete JSON export here at the end");
  run->add_flag("--export-bars", options->export_bars, "Include every bar in the export");
  run->add_option("--speed", options->speed,
                  "Replay speed: 0 as fast as possible, k for k× wall time");
  run->add_option("--at", options->at,
                  "TIME COMMAND: run a command at a simulated time (repeatable), e.g. --at "
                  "2013-10-08T11:05 'add_symbol IBM'")
      ->expected(2)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_flag("--quiet", options->quiet, "Print nothing but errors");
  run->add_flag("--drop-missing", options->drop_missing,
                "Drop symbols without data for the whole window instead of failing");
  run->callback([&context, options] {
    context.action = [&context, options] { return RunRun(context, *options); };
  });
}

}  // namespace tapedeck::cli

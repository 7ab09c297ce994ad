#include "cli/run_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <memory>

#include "cli/interrupt_watch.hpp"
#include "cli/progress_reporter.hpp"
#include "cli/session_launch.hpp"
#include "cli/session_report.hpp"
#include "session/session_export.hpp"

namespace tapedeck::cli {
namespace {

// How often the watching thread reads progress and looks for Ctrl-C.
constexpr std::chrono::milliseconds kWatchInterval{100};

struct RunOptions {
  std::string config;
  std::string export_path;
  bool export_bars = false;
  std::optional<double> speed;
  std::vector<std::string> at;  // Pairs: TIME, COMMAND.
  bool quiet = false;
  bool drop_missing = false;
  bool live = false;  // `tapedeck live`: the config must be a live one.
};

ProgressSnapshot Snapshot(const session::SessionEngine& engine) {
  return {engine.session_date(), engine.now(), engine.totals().base_bars};
}

Status RunRun(CliContext& context, const RunOptions& options) {
  LaunchOptions launch{options.config, options.speed, {}, options.drop_missing};
  for (size_t i = 0; i + 1 < options.at.size(); i += 2) {
    TD_ASSIGN_OR_RETURN(session::ScheduledCommand command,
                        ParseScheduledCommand(options.at[i], options.at[i + 1]));
    launch.script.push_back(std::move(command));
  }
  TD_ASSIGN_OR_RETURN(const std::unique_ptr<LaunchedSession> launched,
                      LaunchSession(context, launch));
  session::SessionEngine& engine = *launched->engine;
  const bool live = launched->live != nullptr;
  if (options.live != live) {
    return Error::InvalidArgument("{} is a {} config: use tapedeck {} {}", options.config,
                                  live ? "live" : "backtest", live ? "live" : "run",
                                  options.config);
  }
  InterruptWatch interrupt;  // Before the first output: a Ctrl-C from now on stops cleanly.
  if (!options.quiet && live) {
    context.out << fmt::format("live {}: {}, {} symbols (Ctrl-C stops)\n", engine.setup().name,
                               FormatDate(engine.setup().start_date),
                               engine.setup().symbols.size());
    context.out.flush();
  } else if (!options.quiet) {
    context.out << fmt::format("running {}: {} → {}, {} symbols, speed {}\n", engine.setup().name,
                               FormatDate(engine.setup().start_date),
                               FormatDate(engine.setup().end_date), engine.setup().symbols.size(),
                               engine.setup().speed);
    context.out.flush();
  }
  const ProgressStyle style = options.quiet                ? ProgressStyle::kNone
                              : isatty(STDERR_FILENO) != 0 ? ProgressStyle::kBar
                                                           : ProgressStyle::kLines;
  ProgressReporter progress(style, context.err, launched->days, launched->wall.Now());
  bool stopping = false;
  Status run = Status::Ok();
  {
    SessionThread thread(engine);
    while (!thread.WaitEnded(kWatchInterval)) {
      if (interrupt.Take() && !stopping) {
        stopping = true;
        (void)engine.Submit(session::StopCommand{});
      }
      if (style != ProgressStyle::kNone) {
        ProgressSnapshot snapshot;
        if (thread.Read([&](const session::SessionEngine& e) { snapshot = Snapshot(e); }).ok()) {
          progress.Update(snapshot, launched->wall.Now());
        }
      }
    }
    run = thread.Join();
  }
  // A Ctrl-C after the last look still counts: the run may have ended early.
  stopping = stopping || interrupt.Take();
  const bool finished = engine.state() == session::SessionState::kFinished;
  progress.Finish(Snapshot(engine), finished);
  TD_RETURN_IF_ERROR(run);
  if (!options.quiet) PrintRunSummary(engine, context.out);
  TD_ASSIGN_OR_RETURN(const std::optional<std::string> recorded, EndLive(*launched));
  if (recorded && !options.quiet) context.out << *recorded << '\n';
  if (!options.export_path.empty()) {
    std::ofstream file(options.export_path);
    if (!file) return Error::IoError("cannot write the export to {}", options.export_path);
    file << session::ExportSession(engine, {.include_bars = options.export_bars}).dump(2) << '\n';
    if (!options.quiet) context.out << "export written to " << options.export_path << '\n';
  }
  if (stopping && !finished) {
    context.err << "interrupted: the session stopped early (exit code " << kInterruptedExitCode
                << ")\n";
    context.exit_code = kInterruptedExitCode;
  }
  return Status::Ok();
}

// `run` and `live`: the options they share; the caller adds its own.
CLI::App* AddSessionCommand(CLI::App& app, CliContext& context, const char* name, const char* help,
                            const std::shared_ptr<RunOptions>& options) {
  CLI::App* command = app.add_subcommand(name, help);
  command->add_option("config", options->config, "Session config file (JSON)")->required();
  command->add_option("--export", options->export_path,
                      "Write the complete JSON export here at the end (also after Ctrl-C)");
  command->add_flag("--export-bars", options->export_bars, "Include every bar in the export");
  command
      ->add_option("--at", options->at,
                   "TIME COMMAND: run a command at a session time (repeatable), e.g. --at "
                   "2013-10-08T11:05 'add_symbol IBM'")
      ->expected(2)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command->add_flag("--quiet", options->quiet,
                    "Print nothing but errors (no progress, no summary)");
  command->callback([&context, options] {
    context.action = [&context, options] { return RunRun(context, *options); };
  });
  return command;
}

}  // namespace

void AddLiveCommand(CLI::App& app, CliContext& context) {
  auto options = std::make_shared<RunOptions>();
  options->live = true;
  AddSessionCommand(app, context, "live",
                    "Run a live session from a config (mode \"live\"), fed by its "
                    "live_config's feed",
                    options);
}

void AddRunCommand(CLI::App& app, CliContext& context) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* run = AddSessionCommand(app, context, "run",
                                    "Run a backtest session headless from a config", options);
  run->add_option("--speed", options->speed,
                  "Replay speed: 0 as fast as possible, k for k× wall time");
  run->add_flag("--drop-missing", options->drop_missing,
                "Drop symbols without data for the whole window instead of failing");
}

}  // namespace tapedeck::cli

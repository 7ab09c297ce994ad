#include "cli/session_launch.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <sstream>

#include "calendar/zone.hpp"
#include "cli/indicator_text.hpp"
#include "session/session_config.hpp"
#include "session/session_setup.hpp"
#include "strategy/strategy_host.hpp"

namespace tapedeck::cli {
namespace {

// How often a waiting thread looks whether the run has ended meanwhile.
constexpr std::chrono::milliseconds kPollInterval{20};

// Phase 0: every symbol needs base bars on every session of the window.
Status CheckData(store::BarStore& store, session::SessionSetup& setup,
                 const std::vector<calendar::SessionHours>& days, bool drop_missing,
                 std::ostream& err) {
  std::vector<std::string> problems;
  std::vector<model::Symbol> kept;
  for (const model::Symbol& symbol : setup.symbols) {
    TD_ASSIGN_OR_RETURN(const std::vector<model::Bar> bars,
                        store.Read(symbol, setup.plan.base, days.front().open, days.back().close));
    std::vector<std::string> missing;
    auto next = bars.begin();
    for (const calendar::SessionHours& hours : days) {
      while (next != bars.end() && next->open_time < hours.open) ++next;
      if (next == bars.end() || next->open_time >= hours.close) {
        missing.push_back(FormatDate(hours.date));
      }
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

}  // namespace

Result<session::ScheduledCommand> ParseScheduledCommand(std::string_view time,
                                                        std::string_view text) {
  TD_ASSIGN_OR_RETURN(const ParsedDateTime parsed, ParseIsoDateTime(time));
  Timestamp at{};
  if (parsed.utc_offset) {
    at = Timestamp(parsed.local.time_since_epoch() - *parsed.utc_offset);
  } else {
    TD_ASSIGN_OR_RETURN(at, calendar::NewYork().ToUtc(parsed.local));
  }
  std::istringstream stream{std::string(text)};
  std::vector<std::string> words;
  for (std::string word; stream >> word;) words.push_back(word);
  const std::string verb = words.empty() ? "" : words.front();
  const std::string argument = words.size() > 1 ? words[1] : "";
  // Flags after the arguments (add_indicator has two): --intervals LIST and --light.
  std::vector<model::Interval> intervals;
  bool light = false;
  bool flags_ok = true;
  for (size_t i = verb == "add_indicator" ? 3 : 2; i < words.size(); ++i) {
    if (words[i] == "--light") {
      light = true;
    } else if (words[i] == "--intervals" && i + 1 < words.size()) {
      std::stringstream list(words[++i]);
      for (std::string item; std::getline(list, item, ',');) {
        TD_ASSIGN_OR_RETURN(const model::Interval interval,
                            model::Interval::Parse(item).WithContext(
                                fmt::format("--at {} '{}': --intervals", time, text)));
        intervals.push_back(interval);
      }
    } else {
      flags_ok = false;
    }
  }
  if (flags_ok && verb == "add_symbol" && !argument.empty()) {
    session::AddSymbolCommand add;
    std::stringstream list(argument);
    for (std::string symbol; std::getline(list, symbol, ',');) add.symbols.push_back(symbol);
    add.intervals = intervals;
    add.added_by = session::AddedBy::kScript;
    return session::ScheduledCommand{at, add};
  }
  if (flags_ok && verb == "ensure_symbol" && !argument.empty()) {
    return session::ScheduledCommand{
        at,
        session::EnsureSymbolCommand{argument, light, intervals, {}, session::AddedBy::kScript}};
  }
  if (flags_ok && verb == "add_indicator" && words.size() == 3) {
    TD_ASSIGN_OR_RETURN(
        const IndicatorRequest request,
        SplitIndicator(words[2]).WithContext(fmt::format("--at {} '{}'", time, text)));
    if (!request.interval) {
      return Error::InvalidArgument("--at {} '{}': say the interval: {}@5m", time, text, words[2]);
    }
    TD_ASSIGN_OR_RETURN(const indicators::IndicatorSpec spec,
                        ResolveIndicator(request, *request.interval)
                            .WithContext(fmt::format("--at {} '{}'", time, text)));
    return session::ScheduledCommand{at, session::AddIndicatorCommand{argument, spec}};
  }
  if (words.size() == 2 && verb == "remove_symbol") {
    return session::ScheduledCommand{at, session::RemoveSymbolCommand{argument}};
  }
  if (words.size() == 2 && verb == "set_speed") {
    return session::ScheduledCommand{at, session::SetSpeedCommand{std::atof(argument.c_str())}};
  }
  if (words.size() == 1 && verb == "pause") {
    return session::ScheduledCommand{at, session::PauseCommand{}};
  }
  if (words.size() == 1 && verb == "resume") {
    return session::ScheduledCommand{at, session::ResumeCommand{}};
  }
  if (words.size() == 1 && verb == "stop") {
    return session::ScheduledCommand{at, session::StopCommand{}};
  }
  return Error::InvalidArgument(
      "--at {} '{}': expected add_symbol SYM[,SYM…] [--intervals 1m,1h], ensure_symbol SYM "
      "[--light] [--intervals …], add_indicator SYM NAME[:P1,P2…]@INTERVAL, remove_symbol SYM, "
      "set_speed N, pause, resume or stop",
      time, text);
}

Result<std::unique_ptr<LaunchedSession>> LaunchSession(const CliContext& context,
                                                       const LaunchOptions& options) {
  session::ValidationReport report;
  Result<session::SessionConfig> config = session::LoadSessionConfig(options.config, report);
  Result<std::unique_ptr<strategy::StrategyHost>> host = Error::Internal("not built");
  if (config.ok()) {
    host = strategy::CreateStrategyHost(*config, report);
    if (!host.ok()) config = host.error();
  }
  for (const std::string& line : report.Lines()) context.err << line << '\n';
  if (!config.ok()) {
    if (report.errors.empty()) return config.error();
    return Error::InvalidArgument("config {} has {} error{}: see tapedeck validate {}",
                                  options.config, report.errors.size(),
                                  report.errors.size() == 1 ? "" : "s", options.config);
  }
  TD_ASSIGN_OR_RETURN(calendar::TradingCalendar calendar,
                      calendar::TradingCalendar::ForExchange(config->exchange_group));
  // A live session without a date runs today, New York's.
  const Date today(
      std::chrono::floor<std::chrono::days>(calendar::NewYork().ToLocal(clock::WallClock().Now())));
  TD_ASSIGN_OR_RETURN(session::SessionSetup setup,
                      session::MakeSessionSetup(*config, calendar, today));
  if (options.speed) setup.speed = *options.speed;
  for (const session::ScheduledCommand& command : options.script) setup.script.push_back(command);
  TD_ASSIGN_OR_RETURN(const std::vector<Date> dates,
                      calendar.SessionsBetween(setup.start_date, setup.end_date));
  if (dates.empty()) {
    return Error::InvalidArgument("no trading session between {} and {}",
                                  FormatDate(setup.start_date), FormatDate(setup.end_date));
  }
  std::vector<calendar::SessionHours> days;
  for (const Date date : dates) {
    TD_ASSIGN_OR_RETURN(const std::optional<calendar::SessionHours> hours, calendar.Session(date));
    if (hours) days.push_back(*hours);
  }
  TD_ASSIGN_OR_RETURN(auto store, store::DuckDbBarStore::Open(context.db_path));
  const bool drop = options.drop_missing ||
                    config->data.on_missing_data == session::MissingDataPolicy::kDropSymbol;
  if (!config->live) TD_RETURN_IF_ERROR(CheckData(*store, setup, days, drop, context.err));
  if (!context.replay_source) return Error::Internal("no replay bar source was wired in");
  auto launched = std::make_unique<LaunchedSession>(LaunchedSession{
      std::move(calendar), std::move(store), nullptr, {}, nullptr, {}, nullptr, std::move(days)});
  if (config->live) {
    if (!context.live_connection) {
      return Error::InvalidArgument("this tapedeck was built without the live feed");
    }
    TD_ASSIGN_OR_RETURN(launched->live,
                        context.live_connection(*config->live, launched->days.front().open,
                                                setup.start_date == today, launched->wall));
    launched->engine = std::make_unique<session::SessionEngine>(std::move(setup), *launched->store,
                                                                launched->live->source(),
                                                                launched->calendar, launched->wall);
    launched->engine->set_live(
        &launched->live->source(), std::chrono::seconds(30),
        session::LiveWait{config->live->busy_wait, config->live->session_cpu});
    launched->live_config = *config->live;
  } else {
    launched->source = context.replay_source(*launched->store);
    launched->engine = std::make_unique<session::SessionEngine>(
        std::move(setup), *launched->store, *launched->source, launched->calendar, launched->wall);
  }
  if (!(*host)->empty()) launched->engine->AddParticipant(std::move(host).value());
  if (launched->live) TD_RETURN_IF_ERROR(launched->live->Start().WithContext("the live feed"));
  return launched;
}

Result<std::optional<std::string>> EndLive(LaunchedSession& session) {
  if (session.live == nullptr) return std::optional<std::string>();
  session.live->Stop();
  if (!session.live_config.record_bars) return std::optional<std::string>();
  TD_ASSIGN_OR_RETURN(std::string recorded, session.live->RecordBars(*session.store));
  return std::optional<std::string>(std::move(recorded));
}

SessionThread::SessionThread(session::SessionEngine& engine)
    : engine_(engine), run_result_(run_promise_.get_future().share()) {
  thread_ = std::thread([this] {
    Status status = engine_.Run();
    // After Run() returned: commands queued before its last look at the
    // queue were answered; later ones never will be.
    ended_.store(true, std::memory_order_release);
    run_promise_.set_value(std::move(status));
  });
}

SessionThread::~SessionThread() {
  if (!thread_.joinable()) return;
  if (!ended()) (void)engine_.Submit(session::StopCommand{});
  thread_.join();
}

bool SessionThread::WaitEnded(std::chrono::milliseconds timeout) const {
  return run_result_.wait_for(timeout) == std::future_status::ready;
}

Status SessionThread::Join() {
  if (thread_.joinable()) thread_.join();
  return run_result_.get();
}

std::optional<Status> SessionThread::Await(std::future<Status>& result,
                                           const std::atomic<bool>* interrupted,
                                           bool& was_interrupted) {
  was_interrupted = false;
  while (true) {
    if (result.wait_for(kPollInterval) == std::future_status::ready) return result.get();
    if (ended()) {
      if (result.wait_for(std::chrono::milliseconds(0)) == std::future_status::ready) {
        return result.get();
      }
      return std::nullopt;
    }
    if (interrupted != nullptr && interrupted->load()) {
      was_interrupted = true;
      return std::nullopt;
    }
  }
}

Status SessionThread::Call(session::Command command, const std::atomic<bool>* interrupted) {
  if (ended()) return Error::InvalidArgument("the session has ended");
  std::future<Status> result = engine_.Submit(std::move(command));
  bool was_interrupted = false;
  std::optional<Status> status = Await(result, interrupted, was_interrupted);
  if (status) return *status;
  if (was_interrupted) return Error::InvalidArgument("interrupted");
  return Error::InvalidArgument("the session has ended");
}

Status SessionThread::Read(const std::function<void(const session::SessionEngine&)>& read) {
  if (!ended()) {
    std::future<Status> result = engine_.Submit(session::ReadCommand{read});
    bool was_interrupted = false;
    const std::optional<Status> status = Await(result, nullptr, was_interrupted);
    // Anything but ok means the run ended first; then read directly.
    if (status && status->ok()) return Status::Ok();
  }
  // The run has ended: the engine is idle and only this thread touches it.
  if (thread_.joinable()) thread_.join();
  read(engine_);
  return Status::Ok();
}

}  // namespace tapedeck::cli

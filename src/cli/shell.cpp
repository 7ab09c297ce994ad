#include "cli/shell.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "calendar/zone.hpp"
#include "cli/calendar_command.hpp"
#include "cli/session_report.hpp"
#include "cli/store_commands.hpp"
#include "cli/text_table.hpp"
#include "session/session_export.hpp"

namespace tapedeck::cli {
namespace {

namespace chr = std::chrono;

// How often `system wait` looks for the end of the run or a Ctrl-C.
constexpr chr::milliseconds kWaitInterval{50};
// Bars `data bars` shows without a count.
constexpr size_t kDefaultBarCount = 10;
// Intervals Tab offers when no session says which it streams.
std::vector<std::string> CommonIntervals() {
  return {"1s", "1m", "5m", "15m", "30m", "1h", "1d", "1w"};
}

Error NoSession() {
  return Error::InvalidArgument("no session: start one with system start CONFIG");
}

Error Interrupted() { return Error::InvalidArgument("interrupted"); }

Result<int64_t> ParseCount(std::string_view text, std::string_view what) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    return Error::InvalidArgument("{} '{}' is not a whole number ≥ 0", what, text);
  }
  return value;
}

Result<double> ParseSpeed(std::string_view text) {
  std::istringstream in{std::string(text)};
  double speed = 0;
  if (!(in >> speed) || !in.eof() || speed < 0) {
    return Error::InvalidArgument("speed '{}' must be a number ≥ 0 (0: as fast as possible)", text);
  }
  return speed;
}

// "10:30" (New York, on `date`) or ISO-8601 (New York unless it has an offset).
Result<Timestamp> ParseStepTime(std::string_view text, Date date) {
  std::string iso(text);
  if (text.find('T') == std::string_view::npos && text.find('-') == std::string_view::npos) {
    iso = FormatDate(date) + "T" + iso;
  }
  Result<ParsedDateTime> parsed = ParseIsoDateTime(iso);
  if (!parsed.ok()) {
    return Error::InvalidArgument("'{}' is neither a step count nor a time (HH:MM or ISO-8601)",
                                  text);
  }
  if (parsed->utc_offset) return Timestamp(parsed->local.time_since_epoch() - *parsed->utc_offset);
  return calendar::NewYork().ToUtc(parsed->local);
}

Result<model::Symbol> FindSessionSymbol(const session::SessionEngine& engine,
                                        std::string_view text) {
  TD_ASSIGN_OR_RETURN(const model::Symbol symbol, model::Symbol::Parse(text));
  if (!engine.symbols().contains(symbol)) {
    std::string held;
    for (const auto& [s, record] : engine.symbols()) held += (held.empty() ? "" : ", ") + s.str();
    return Error::InvalidArgument("{} is not in the session (it holds {})", symbol.str(),
                                  held.empty() ? "no symbols" : held);
  }
  return symbol;
}

std::string Intervals(const std::vector<model::Interval>& intervals) {
  std::string text;
  for (const model::Interval interval : intervals) {
    text += (text.empty() ? "" : ",") + interval.ToString();
  }
  return text;
}

}  // namespace

Shell::Shell(CliContext& context, std::string default_config, const std::atomic<bool>* interrupted)
    : context_(context), default_config_(std::move(default_config)), interrupted_(interrupted) {}

Shell::~Shell() { Close(); }

void Shell::Close() {
  if (running()) {
    (void)thread_->Call(session::StopCommand{});
    (void)thread_->Join();
  }
}

Status Shell::Execute(std::string_view line) {
  TD_ASSIGN_OR_RETURN(const std::optional<ShellLine> parsed, ParseShellLine(line));
  if (!parsed) return Status::Ok();
  return Run(*parsed);
}

Status Shell::ReadSession(const Reader& read) {
  if (thread_ == nullptr) return NoSession();
  Status status = Status::Ok();
  TD_RETURN_IF_ERROR(
      thread_->Read([&](const session::SessionEngine& engine) { status = read(engine); }));
  return status;
}

Status Shell::UseStore(const std::function<Status(store::DuckDbBarStore&)>& use) {
  if (thread_ != nullptr) {
    // The session's store, used on the session's thread: one writer, one thread.
    Status status = Status::Ok();
    TD_RETURN_IF_ERROR(
        thread_->Read([&](const session::SessionEngine&) { status = use(*session_->store); }));
    return status;
  }
  TD_ASSIGN_OR_RETURN(auto store, store::DuckDbBarStore::Open(context_.db_path));
  return use(*store);
}

CompletionSources Shell::CompletionSourcesNow() {
  CompletionSources sources;
  sources.intervals = CommonIntervals();
  if (thread_ != nullptr) {
    (void)ReadSession([&](const session::SessionEngine& engine) {
      for (const auto& [symbol, record] : engine.symbols()) {
        sources.session_symbols.push_back(symbol.str());
      }
      sources.intervals.clear();
      for (const model::Interval interval : engine.setup().plan.intervals()) {
        sources.intervals.push_back(interval.ToString());
      }
      return Status::Ok();
    });
  }
  (void)UseStore([&](store::DuckDbBarStore& store) -> Status {
    TD_ASSIGN_OR_RETURN(const std::vector<store::SeriesSummary> list, store.List());
    for (const store::SeriesSummary& series : list) {
      if (sources.store_symbols.empty() || sources.store_symbols.back() != series.symbol.str()) {
        sources.store_symbols.push_back(series.symbol.str());
      }
    }
    return Status::Ok();
  });
  return sources;
}

Status Shell::Run(const ShellLine& line) {
  const std::string_view name = line.command->name;
  std::ostream& out = context_.out;
  if (name == "system start") return Start(line);
  if (name == "system pause" || name == "system resume") {
    if (thread_ == nullptr) return NoSession();
    const bool pause = name == "system pause";
    TD_RETURN_IF_ERROR(thread_->Call(pause ? session::Command(session::PauseCommand{})
                                           : session::Command(session::ResumeCommand{}),
                                     interrupted_));
    if (!pause) {
      out << "resumed\n";
      return Status::Ok();
    }
    return ReadSession([&](const session::SessionEngine& engine) {
      out << "paused at " << calendar::NewYork().Format(engine.now()) << '\n';
      return Status::Ok();
    });
  }
  if (name == "system stop") return Stop();
  if (name == "system status") return ShowStatus();
  if (name == "system export-status") return ExportStatus(line);
  if (name == "system speed") return Speed(line);
  if (name == "system step") return Step(line);
  if (name == "system wait") return Wait();
  if (name == "data session") return DataSession(line);
  if (name == "data bars") return DataBars(line);
  if (name == "data quality") return DataQuality(line);
  if (name == "data signals") return DataSignals(line);
  if (name == "data scans") return DataScans(line);
  if (name == "data list") {
    return UseStore(
        [&](store::DuckDbBarStore& store) { return PrintStoreList(store, "table", false, out); });
  }
  if (name == "data import") return DataImport(line);
  if (name == "symbol add") return SymbolAdd(line);
  if (name == "symbol remove") {
    if (thread_ == nullptr) return NoSession();
    TD_RETURN_IF_ERROR(
        thread_->Call(session::RemoveSymbolCommand{line.args.front()}, interrupted_));
    out << "removed " << line.args.front() << '\n';
    return Status::Ok();
  }
  if (name == "symbol list") return SymbolList();
  if (name == "time now") return TimeNow();
  if (name == "calendar") return Calendar(line);
  if (name == "help") return Help(line);
  if (name == "exit") {
    exit_requested_ = true;
    return Status::Ok();
  }
  return Error::Internal("shell command {} has no implementation", name);
}

Status Shell::Start(const ShellLine& line) {
  if (running()) {
    return Error::InvalidArgument("a session is running: system stop it first");
  }
  const std::string config = line.args.empty() ? default_config_ : line.args.front();
  if (config.empty()) {
    return Error::InvalidArgument("which config? system start CONFIG (or tapedeck shell CONFIG)");
  }
  LaunchOptions options{config, std::nullopt, {}, false};
  if (line.has("--speed")) {
    TD_ASSIGN_OR_RETURN(options.speed, ParseSpeed(line.flags.at("--speed")));
  }
  // The previous session's store closes before the new one opens it.
  thread_.reset();
  session_.reset();
  delta_cursor_ = {};
  TD_ASSIGN_OR_RETURN(session_, LaunchSession(context_, options));
  const session::SessionSetup& setup = session_->engine->setup();
  if (session_->live != nullptr) {
    context_.out << fmt::format("started {} live: {}, {} symbols, feed {}\n", setup.name,
                                FormatDate(setup.start_date), setup.symbols.size(),
                                session_->live_config.stream_url);
  } else {
    context_.out << fmt::format("started {}: {} → {}, {} symbols, speed {}\n", setup.name,
                                FormatDate(setup.start_date), FormatDate(setup.end_date),
                                setup.symbols.size(), setup.speed);
  }
  // Queued before the run starts, the pause applies at the first open.
  const bool paused = line.has("--paused");
  if (paused) (void)session_->engine->Submit(session::PauseCommand{});
  session_->engine->set_interrupt(interrupted_);  // Ctrl-C stops a symbol load.
  thread_ = std::make_unique<SessionThread>(*session_->engine);
  if (!paused) return Status::Ok();
  return ReadSession([&](const session::SessionEngine& engine) {
    context_.out << "paused at " << calendar::NewYork().Format(engine.now()) << '\n';
    return Status::Ok();
  });
}

Status Shell::Stop() {
  if (thread_ == nullptr) return NoSession();
  if (thread_->ended()) {
    return Error::InvalidArgument("the session has already ended ({})",
                                  session::ToString(session_->engine->state()));
  }
  TD_RETURN_IF_ERROR(thread_->Call(session::StopCommand{}, interrupted_));
  TD_RETURN_IF_ERROR(thread_->Join());
  context_.out << "stopped at " << calendar::NewYork().Format(session_->engine->now()) << '\n';
  return EndLive();
}

Status Shell::EndLive() {
  TD_ASSIGN_OR_RETURN(const std::optional<std::string> recorded, cli::EndLive(*session_));
  if (recorded) context_.out << *recorded << '\n';
  return Status::Ok();
}

namespace {

// `system status`'s feed lines: connection, last message (New York time and
// how long ago), lag, reconnects; how far the session may go; the counts.
std::string FeedStatusLines(const loading::LiveStatus& feed, Timestamp now) {
  const auto seconds = [](Duration d) { return std::chrono::duration<double>(d).count(); };
  std::string last = "none yet";
  if (feed.last_message != Timestamp{}) {
    last = fmt::format("{} ({:.1f} s ago)", calendar::NewYork().Format(feed.last_message),
                       seconds(now - feed.last_message));
  }
  std::string text =
      fmt::format("  feed     {}{}; last message {}; lag {:.2f} s; {} reconnect{}\n",
                  feed.connected ? "connected" : "not connected",
                  feed.connected && !feed.caught_up ? " (backfilling)" : "", last,
                  seconds(feed.lag), feed.reconnects, feed.reconnects == 1 ? "" : "s");
  text += fmt::format(
      "           horizon {}; {} bars held, {} late, {} duplicates, {} corrections, {} malformed\n",
      feed.horizon == Timestamp{} ? "not yet" : calendar::NewYork().Format(feed.horizon), feed.bars,
      feed.late_bars, feed.duplicates, feed.corrections, feed.malformed);
  if (!feed.last_error.empty()) text += "           last error: " + feed.last_error + "\n";
  return text;
}

}  // namespace

Status Shell::ShowStatus() {
  if (thread_ == nullptr) {
    context_.out << "no session"
                 << (default_config_.empty() ? "" : ": system start runs " + default_config_)
                 << '\n';
    return Status::Ok();
  }
  const std::vector<calendar::SessionHours>& days = session_->days;
  return ReadSession([&](const session::SessionEngine& engine) {
    std::ostream& out = context_.out;
    out << fmt::format("session {}: {}\n", engine.setup().name, session::ToString(engine.state()));
    if (const std::optional<Date> date = engine.session_date()) {
      const auto day = std::ranges::find(days, *date, &calendar::SessionHours::date);
      out << fmt::format("  date     {} (session {} of {})\n", FormatDate(*date),
                         day - days.begin() + 1, days.size());
      out << fmt::format("  time     {}\n", calendar::NewYork().Format(engine.now()));
    }
    if (const std::optional<loading::LiveStatus> feed = engine.live_status()) {
      out << FeedStatusLines(*feed, session_->wall.Now());
    } else {
      out << fmt::format("  speed    {}\n", engine.speed());
    }
    out << fmt::format("  symbols  {}\n", engine.symbols().size());
    out << fmt::format("  bars     {} base bars in {} steps\n", engine.totals().base_bars,
                       engine.totals().steps);
    return Status::Ok();
  });
}

Status Shell::ExportStatus(const ShellLine& line) {
  if (thread_ == nullptr) return NoSession();
  const bool delta = line.has("--delta");
  const std::string path =
      line.args.empty() ? session_->engine->setup().name + (delta ? "-delta.json" : "-status.json")
                        : line.args.front();
  std::string text;
  TD_RETURN_IF_ERROR(ReadSession([&](const session::SessionEngine& engine) {
    text = delta ? session::ExportDelta(engine, delta_cursor_).dump(2)
                 : session::ExportSession(engine, {}).dump(2);
    return Status::Ok();
  }));
  std::ofstream file(path);
  if (!(file << text << '\n')) return Error::IoError("cannot write the export to {}", path);
  context_.out << "export written to " << path << '\n';
  return Status::Ok();
}

Status Shell::Speed(const ShellLine& line) {
  if (thread_ == nullptr) return NoSession();
  TD_ASSIGN_OR_RETURN(const double speed, ParseSpeed(line.args.front()));
  TD_RETURN_IF_ERROR(thread_->Call(session::SetSpeedCommand{speed}, interrupted_));
  context_.out << fmt::format("speed {}\n", speed);
  return Status::Ok();
}

// One StepCommand at a time, each answered before the next: a read queued
// behind a step runs only after that step, so the shell knows where the
// clock is and stops exactly at N steps or at TIME.
Status Shell::Step(const ShellLine& line) {
  if (thread_ == nullptr) return NoSession();
  struct Position {
    session::SessionState state = session::SessionState::kCreated;
    Timestamp now{};
    Date date{};
  };
  Position position;
  const auto read_position = [&] {
    return ReadSession([&](const session::SessionEngine& engine) {
      position = {engine.state(), engine.now(), engine.session_date().value_or(Date{})};
      return Status::Ok();
    });
  };
  TD_RETURN_IF_ERROR(read_position());
  int64_t steps = 1;
  std::optional<Timestamp> until;
  if (!line.args.empty()) {
    const std::string& text = line.args.front();
    if (!text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; })) {
      TD_ASSIGN_OR_RETURN(steps, ParseCount(text, "step count"));
      if (steps < 1) return Error::InvalidArgument("step count must be at least 1");
    } else {
      TD_ASSIGN_OR_RETURN(until, ParseStepTime(text, position.date));
    }
  }
  if (position.state != session::SessionState::kPaused) {
    return Error::InvalidArgument("step needs a paused session: system pause first");
  }
  int64_t done = 0;
  while (until ? position.now < *until : done < steps) {
    if (interrupted_ != nullptr && interrupted_->load()) return Interrupted();
    const Status step = thread_->Call(session::StepCommand{}, interrupted_);
    if (!step.ok()) {
      if (done == 0 || !thread_->ended()) return step;
      break;  // The session ended on the way.
    }
    ++done;
    TD_RETURN_IF_ERROR(read_position());
    if (position.state != session::SessionState::kPaused) break;
  }
  context_.out << fmt::format("{} at {} ({} step{})\n", session::ToString(position.state),
                              calendar::NewYork().Format(position.now), done, done == 1 ? "" : "s");
  return Status::Ok();
}

Status Shell::Wait() {
  if (thread_ == nullptr) return NoSession();
  while (!thread_->WaitEnded(kWaitInterval)) {
    if (interrupted_ != nullptr && interrupted_->load()) {
      return Error::InvalidArgument("interrupted: the session goes on");
    }
  }
  TD_RETURN_IF_ERROR(thread_->Join());
  const session::SessionEngine& engine = *session_->engine;
  context_.out << fmt::format("session {} at {}\n", session::ToString(engine.state()),
                              calendar::NewYork().Format(engine.now()));
  return EndLive();
}

Status Shell::DataSession(const ShellLine& line) {
  return ReadSession([&](const session::SessionEngine& engine) -> Status {
    if (!line.args.empty()) {
      TD_ASSIGN_OR_RETURN(const model::Symbol symbol, FindSessionSymbol(engine, line.args.front()));
      PrintSymbolReport(symbol, engine.symbols().at(symbol), context_.out);
      return Status::Ok();
    }
    if (engine.symbols().empty()) context_.out << "the session holds no symbols yet\n";
    for (const auto& [symbol, record] : engine.symbols()) {
      PrintSymbolReport(symbol, record, context_.out);
    }
    return Status::Ok();
  });
}

Status Shell::DataBars(const ShellLine& line) {
  std::optional<model::Interval> interval;
  if (line.args.size() > 1) {
    TD_ASSIGN_OR_RETURN(interval, model::Interval::Parse(line.args[1]));
  }
  int64_t count = kDefaultBarCount;
  if (line.args.size() > 2) {
    TD_ASSIGN_OR_RETURN(count, ParseCount(line.args[2], "bar count"));
  }
  return ReadSession([&](const session::SessionEngine& engine) -> Status {
    TD_ASSIGN_OR_RETURN(const model::Symbol symbol, FindSessionSymbol(engine, line.args.front()));
    return PrintSymbolBars(engine.symbols().at(symbol), interval.value_or(engine.setup().plan.base),
                           static_cast<size_t>(count), context_.out);
  });
}

Status Shell::DataQuality(const ShellLine& line) {
  return ReadSession([&](const session::SessionEngine& engine) -> Status {
    TD_ASSIGN_OR_RETURN(const model::Symbol symbol, FindSessionSymbol(engine, line.args.front()));
    PrintSymbolQuality(engine.symbols().at(symbol), context_.out);
    return Status::Ok();
  });
}

Status Shell::DataSignals(const ShellLine& line) {
  int64_t count = 0;
  if (!line.args.empty()) {
    TD_ASSIGN_OR_RETURN(count, ParseCount(line.args.front(), "signal count"));
  }
  return ReadSession([&](const session::SessionEngine& engine) -> Status {
    const std::vector<session::Signal>& signals = engine.signals();
    if (signals.empty()) {
      context_.out << "no signals yet\n";
      return Status::Ok();
    }
    TextTable table({"TIME", "STRATEGY", "SYMBOL", "SIDE", "QUANTITY", "WEIGHT", "REASON"},
                    {false, false, false, false, true, true, false});
    const size_t from = count > 0 && static_cast<size_t>(count) < signals.size()
                            ? signals.size() - static_cast<size_t>(count)
                            : 0;
    for (size_t i = from; i < signals.size(); ++i) {
      const session::Signal& signal = signals[i];
      table.AddRow({calendar::NewYork().Format(signal.time), signal.strategy, signal.symbol,
                    std::string(session::ToString(signal.side)),
                    signal.quantity ? fmt::format("{}", *signal.quantity) : "–",
                    signal.weight ? fmt::format("{}", *signal.weight) : "–", signal.reason});
    }
    table.Print(context_.out);
    return Status::Ok();
  });
}

Status Shell::DataScans(const ShellLine& line) {
  int64_t count = 0;
  if (!line.args.empty()) {
    TD_ASSIGN_OR_RETURN(count, ParseCount(line.args.front(), "scan count"));
  }
  return ReadSession([&](const session::SessionEngine& engine) -> Status {
    const std::vector<session::ScanResult>& scans = engine.scans();
    if (scans.empty() && engine.participant_errors().empty()) {
      context_.out << "no scans yet\n";
      return Status::Ok();
    }
    TextTable table({"TIME", "SCANNER", "SELECTED", "REASON"}, {false, false, false, false});
    const size_t from = count > 0 && static_cast<size_t>(count) < scans.size()
                            ? scans.size() - static_cast<size_t>(count)
                            : 0;
    for (size_t i = from; i < scans.size(); ++i) {
      const session::ScanResult& scan = scans[i];
      std::string selected;
      for (const std::string& symbol : scan.selected)
        selected += (selected.empty() ? "" : ",") + symbol;
      table.AddRow({calendar::NewYork().Format(scan.time), scan.scanner,
                    selected.empty() ? "–" : selected, scan.reason});
    }
    if (table.size() > 0) table.Print(context_.out);
    for (const session::ParticipantError& error : engine.participant_errors()) {
      context_.out << "error: " << error.participant << " at "
                   << calendar::NewYork().Format(error.time) << ": " << error.error << '\n';
    }
    return Status::Ok();
  });
}

Status Shell::DataImport(const ShellLine& line) {
  const auto flag = [&](std::string_view name) {
    const auto it = line.flags.find(std::string(name));
    return it == line.flags.end() ? std::string() : it->second;
  };
  TD_ASSIGN_OR_RETURN(store::ImportOptions options,
                      ImportOptionsFromFlags(flag("--symbol"), flag("--interval"), flag("--tz")));
  options.skip_bad_rows = line.has("--skip-bad-rows");
  options.cancel = interrupted_;
  return UseStore([&](store::DuckDbBarStore& store) {
    return ImportIntoStore(store, line.args, options, context_.out);
  });
}

Status Shell::SymbolAdd(const ShellLine& line) {
  if (thread_ == nullptr) return NoSession();
  session::AddSymbolCommand add;
  add.added_by = session::AddedBy::kShell;
  for (const std::string& arg : line.args) {
    std::stringstream list(arg);
    for (std::string symbol; std::getline(list, symbol, ',');) {
      if (!symbol.empty()) add.symbols.push_back(symbol);
    }
  }
  if (line.has("--intervals")) {
    std::stringstream list(line.flags.at("--intervals"));
    for (std::string text; std::getline(list, text, ',');) {
      TD_ASSIGN_OR_RETURN(const model::Interval interval,
                          model::Interval::Parse(text).WithContext("--intervals"));
      add.intervals.push_back(interval);
    }
  }
  std::set<model::Symbol> before;
  TD_RETURN_IF_ERROR(ReadSession([&](const session::SessionEngine& engine) {
    for (const auto& [symbol, record] : engine.symbols()) before.insert(symbol);
    return Status::Ok();
  }));
  // Waits even through Ctrl-C: the load sees the same flag and stops soon,
  // and the flag must stay set until it has.
  const Status added = thread_->Call(add);
  // Each symbol loads or fails on its own: say which ones made it.
  return ReadSession([&](const session::SessionEngine& engine) -> Status {
    for (const auto& [symbol, record] : engine.symbols()) {
      if (before.contains(symbol)) continue;
      context_.out << fmt::format("added {} at {}\n", symbol.str(),
                                  calendar::NewYork().Format(record.added_at));
    }
    return added;
  });
}

Status Shell::SymbolList() {
  return ReadSession([&](const session::SessionEngine& engine) {
    TextTable table({"SYMBOL", "ADDED BY", "ADDED AT", "INTERVALS", "BASE BARS"},
                    {false, false, false, false, true});
    for (const auto& [symbol, record] : engine.symbols()) {
      const loading::IntervalSeries* base = record.state->FindSeries(engine.setup().plan.base);
      table.AddRow({symbol.str(), std::string(session::ToString(record.added_by)),
                    calendar::NewYork().Format(record.added_at), Intervals(record.intervals),
                    std::to_string(base == nullptr ? 0 : base->bars.size())});
    }
    table.Print(context_.out);
    return Status::Ok();
  });
}

Status Shell::TimeNow() {
  const std::vector<calendar::SessionHours>* days = session_ ? &session_->days : nullptr;
  return ReadSession([&](const session::SessionEngine& engine) {
    if (!engine.session_date()) {
      context_.out << "the session is loading\n";
      return Status::Ok();
    }
    const auto day =
        std::ranges::find(*days, *engine.session_date(), &calendar::SessionHours::date);
    std::string hours;
    if (day != days->end()) {
      const std::string open = calendar::NewYork().Format(day->open);
      const std::string close = calendar::NewYork().Format(day->close);
      hours = fmt::format(", regular hours {}–{}{}", open.substr(11, 5),
                          close.substr(11, 5) + close.substr(19),
                          day->early_close ? " (early close)" : "");
    }
    context_.out << fmt::format("{} (session {}{})\n", calendar::NewYork().Format(engine.now()),
                                FormatDate(*engine.session_date()), hours);
    return Status::Ok();
  });
}

Status Shell::Calendar(const ShellLine& line) {
  std::vector<std::string> args = {"calendar"};
  if (!line.args.empty()) {
    args.push_back(line.args.front());
  } else if (!line.has("--from")) {
    std::optional<Date> date;
    if (thread_ != nullptr) {
      TD_RETURN_IF_ERROR(ReadSession([&](const session::SessionEngine& engine) {
        date = engine.session_date();
        return Status::Ok();
      }));
    }
    if (!date) {
      const clock::WallClock wall;
      const LocalTime local = calendar::NewYork().ToLocal(wall.Now());
      date = Date(chr::sys_days(chr::floor<chr::days>(local.time_since_epoch())));
    }
    args.push_back(FormatDate(*date));
  }
  for (const auto& [flag, value] : line.flags) {
    args.push_back(flag);
    if (!value.empty()) args.push_back(value);
  }
  // The same code as `tapedeck calendar`, through its own command line.
  CliContext context{context_.out, context_.err, context_.db_path, Status::Ok(), {}, {}, {}, {}};
  CLI::App app("calendar", "tapedeck");
  AddCalendarCommand(app, context);
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return Error::InvalidArgument("calendar: {}", e.what());
  }
  if (context.status.ok() && context.action) context.status = context.action();
  return context.status;
}

Status Shell::Help(const ShellLine& line) {
  std::string topic;
  for (const std::string& word : line.args) topic += (topic.empty() ? "" : " ") + word;
  TextTable table({"COMMAND", "WHAT IT DOES"}, {false, false});
  for (const ShellCommandSpec& spec : ShellCommands()) {
    if (topic.empty() || spec.name == topic || spec.name.starts_with(topic + " ")) {
      table.AddRow({std::string(spec.usage), std::string(spec.summary)});
    }
  }
  if (table.size() == 0) {
    if (const ShellCommandSpec* spec = FindShellCommand(topic)) {
      table.AddRow({std::string(spec->usage), std::string(spec->summary)});
    } else {
      return Error::InvalidArgument("no command '{}' (type help for the list)", topic);
    }
  }
  table.Print(context_.out);
  if (topic.empty()) {
    context_.out << "\nAlso accepted (the predecessor's spellings):";
    for (const auto& [alias, name] : ShellAliases()) {
      context_.out << fmt::format(" {} = {};", alias, name);
    }
    context_.out << "\nTab completes commands, symbols and intervals; Ctrl-C interrupts a "
                    "command or clears the line; Ctrl-D or exit leaves.\n";
  }
  return Status::Ok();
}

}  // namespace tapedeck::cli

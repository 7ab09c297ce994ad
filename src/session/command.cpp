#include "session/command.hpp"

#include <fmt/format.h>

namespace tapedeck::session {

std::string_view ToString(AddedBy who) {
  switch (who) {
    case AddedBy::kConfig:
      return "config";
    case AddedBy::kScanner:
      return "scanner";
    case AddedBy::kStrategy:
      return "strategy";
    case AddedBy::kShell:
      return "shell";
    case AddedBy::kApi:
      return "api";
    case AddedBy::kScript:
      return "script";
  }
  return "unknown";
}

std::string Describe(const Command& command) {
  struct Visitor {
    std::string operator()(const AddSymbolCommand& c) const {
      std::string text = "add_symbol";
      for (const auto& s : c.symbols) text += " " + s;
      if (!c.intervals.empty()) {
        text += " --intervals ";
        for (size_t i = 0; i < c.intervals.size(); ++i) {
          if (i > 0) text += ',';
          text += c.intervals[i].ToString();
        }
      }
      return text;
    }
    std::string operator()(const RemoveSymbolCommand& c) const {
      return "remove_symbol " + c.symbol;
    }
    std::string operator()(const EnsureSymbolCommand& c) const {
      std::string text = "ensure_symbol " + c.symbol;
      if (c.light) text += " --light";
      for (const indicators::IndicatorSpec& spec : c.indicators) {
        text += " --indicator " + indicators::IndicatorKey(spec);
      }
      return text;
    }
    std::string operator()(const AddIndicatorCommand& c) const {
      return "add_indicator " + c.symbol + " " + indicators::IndicatorKey(c.spec);
    }
    std::string operator()(const AddBarCommand& c) const {
      return fmt::format("add_bar {} {} {} {} {} {} {}", c.symbol, FormatTimestamp(c.bar.open_time),
                         c.bar.open, c.bar.high, c.bar.low, c.bar.close, c.bar.volume);
    }
    std::string operator()(const SetSpeedCommand& c) const {
      return fmt::format("set_speed {}", c.speed);
    }
    std::string operator()(const PauseCommand&) const { return "pause"; }
    std::string operator()(const ResumeCommand&) const { return "resume"; }
    std::string operator()(const StepCommand& c) const {
      return c.until ? "step " + FormatTimestamp(*c.until) : fmt::format("step {}", c.steps);
    }
    std::string operator()(const StopCommand&) const { return "stop"; }
    std::string operator()(const ReadCommand&) const { return "read"; }
  };
  return std::visit(Visitor{}, command);
}

std::future<Status> CommandQueue::Submit(Command command) {
  std::promise<Status> done;
  std::future<Status> future = done.get_future();
  {
    std::lock_guard lock(mutex_);
    if (closed_) {
      done.set_value(*closed_);
      return future;
    }
    entries_.push_back(Entry{std::move(command), std::move(done)});
  }
  signal_.store(true, std::memory_order_release);
  arrived_.notify_all();
  return future;
}

void CommandQueue::Close(const Error& reason) {
  std::deque<Entry> left;
  {
    std::lock_guard lock(mutex_);
    closed_ = reason;
    left.swap(entries_);
  }
  for (Entry& entry : left) entry.done.set_value(reason);
  signal_.store(true, std::memory_order_release);
  arrived_.notify_all();
}

std::deque<CommandQueue::Entry> CommandQueue::TakeAll() {
  std::lock_guard lock(mutex_);
  return std::exchange(entries_, {});
}

bool CommandQueue::WaitUntil(std::optional<Timestamp> deadline) {
  std::unique_lock lock(mutex_);
  const auto ready = [&] { return !entries_.empty() || woken_; };
  if (deadline) {
    const auto until = std::chrono::time_point_cast<std::chrono::system_clock::duration>(*deadline);
    arrived_.wait_until(lock, until, ready);
  } else {
    arrived_.wait(lock, ready);
  }
  woken_ = false;
  signal_.store(false, std::memory_order_relaxed);
  return !entries_.empty();
}

void CommandQueue::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  signal_.store(true, std::memory_order_release);
  arrived_.notify_all();
}

bool CommandQueue::SpinUntil(Timestamp deadline, const clock::Clock& clock) {
  // The clock is read once every kRounds polls: a poll is a few ns, a
  // clock read tens.
  constexpr uint32_t kRounds = 256;
  for (uint32_t round = 1; !signal_.exchange(false, std::memory_order_acquire); ++round) {
    if (round % kRounds == 0 && clock.Now() >= deadline) break;
#if defined(__x86_64__) || defined(__i386__)
    // Tells the core this is a spin: less power, and no pipeline flush when the flag flips.
    __builtin_ia32_pause();
#endif
  }
  std::lock_guard lock(mutex_);
  woken_ = false;
  return !entries_.empty();
}

}  // namespace tapedeck::session

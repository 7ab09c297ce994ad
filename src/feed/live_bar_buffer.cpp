#include "feed/live_bar_buffer.hpp"

#include <algorithm>
#include <optional>

#include "core/check.hpp"
#include "core/reserve_mapped.hpp"

namespace tapedeck::feed {

LiveBarBuffer::LiveBarBuffer(const clock::Clock& clock, model::Interval interval)
    : clock_(clock), interval_(interval) {}

void LiveBarBuffer::Add(std::span<const IncomingBar> bars, std::span<AddOutcome> outcomes) {
  TD_CHECK(outcomes.empty() || outcomes.size() == bars.size());
  const Timestamp now = clock_.Now();
  const std::lock_guard lock(mutex_);
  // First every bar's entry, then the bars: the entries' tails, each a likely
  // cache miss, are fetched side by side instead of one after the other.
  const auto symbol_of = [](const IncomingBar& bar) { return bar.symbol; };
  FindEach(bars, symbol_of);
  if (std::ranges::find(found_, kNone) != found_.end()) {
    // New symbols move the entries after them: add them, then find again.
    for (size_t i = 0; i < bars.size(); ++i) {
      if (found_[i] == kNone) FindOrInsert(bars[i].symbol, kNone);
    }
    FindEach(bars, symbol_of);
  }
  for (const size_t index : found_) {
    const std::vector<BufferedBar>& held = symbols_[index].bars;
    __builtin_prefetch(held.data() + held.size(), 1);
    if (!held.empty()) __builtin_prefetch(&held.back());
  }
  for (size_t i = 0; i < bars.size(); ++i) {
    const AddOutcome outcome = AddLocked(symbols_[found_[i]], bars[i], now);
    if (!outcomes.empty()) outcomes[i] = outcome;
  }
  if (!bars.empty()) Changed();
}

AddOutcome LiveBarBuffer::Add(const IncomingBar& bar) {
  AddOutcome outcome = AddOutcome::kAdded;
  Add(std::span<const IncomingBar>(&bar, 1), std::span<AddOutcome>(&outcome, 1));
  return outcome;
}

LiveBarBuffer::SymbolBars& LiveBarBuffer::Series(std::string_view symbol) {
  return symbols_[FindOrInsert(symbol, kNone)];
}

size_t LiveBarBuffer::FindOrInsert(std::string_view symbol, size_t hint) {
  if (const size_t index = Find(symbol, hint); index != kNone) return index;
  const auto at = std::ranges::lower_bound(symbols_, symbol, {}, &SymbolBars::symbol);
  SymbolBars entry;
  entry.symbol = std::string(symbol);
  // Room for a whole extended-hours day (04:00-20:00 New York), so that no
  // frame reallocates every symbol's bars at once: with 500 symbols, the
  // frames that did (minutes 9, 17, 33 …) took about a millisecond longer.
  // Mapped now, so that no frame's insert faults on a new page either.
  ReserveMapped(entry.bars, static_cast<size_t>(std::chrono::hours(16) / interval_.duration()));
  const auto it = symbols_.insert(at, std::move(entry));
  return static_cast<size_t>(it - symbols_.begin());
}

size_t LiveBarBuffer::Find(std::string_view symbol, size_t hint) const {
  if (hint < symbols_.size() && symbols_[hint].symbol == symbol) return hint;
  const auto it = std::ranges::lower_bound(symbols_, symbol, {}, &SymbolBars::symbol);
  return it != symbols_.end() && it->symbol == symbol ? static_cast<size_t>(it - symbols_.begin())
                                                      : kNone;
}

AddOutcome LiveBarBuffer::AddLocked(SymbolBars& series, const IncomingBar& incoming,
                                    Timestamp now) {
  const model::Bar& bar = incoming.bar;
  if (incoming.origin == BarOrigin::kStream) {
    status_.lag = now - (bar.open_time + interval_.duration());
  }
  // The common case, a bar after the last one held, appends.
  auto position = series.bars.end();
  if (!series.bars.empty() && series.bars.back().bar.open_time >= bar.open_time) {
    position = std::ranges::lower_bound(series.bars, bar.open_time, {},
                                        [](const BufferedBar& held) { return held.bar.open_time; });
  }
  const auto index = static_cast<size_t>(position - series.bars.begin());
  const bool exists = position != series.bars.end() && position->bar.open_time == bar.open_time;
  if (exists) {
    if (position->bar == bar) {
      ++status_.duplicates;
      return AddOutcome::kDuplicate;
    }
    if (index < series.taken) {
      late_.push_back({*model::Symbol::Parse(incoming.symbol), position->bar, bar, now});
      ++status_.late_corrections;
      return AddOutcome::kLateCorrection;
    }
    position->bar = bar;
    position->received = now;
    ++status_.corrections;
    return AddOutcome::kCorrected;
  }
  if (series.any_taken && bar.open_time <= series.last_taken) {
    late_.push_back({*model::Symbol::Parse(incoming.symbol), model::Bar{}, bar, now});
    ++status_.late_bars;
    return AddOutcome::kLateBar;
  }
  series.bars.insert(position, BufferedBar{bar, now});
  ++status_.bars;
  if (incoming.origin == BarOrigin::kBackfill) {
    ++status_.backfilled_bars;
  } else {
    ++status_.stream_bars;
  }
  return AddOutcome::kAdded;
}

void LiveBarBuffer::SetConnected(bool connected) {
  const std::lock_guard lock(mutex_);
  status_.connected = connected;
  // Caught up only once the backfill that follows a connection has landed.
  if (!connected) backfilled_since_connect_ = false;
  UpdateCaughtUp();
  Changed();
}

void LiveBarBuffer::BeginBackfill(std::span<const std::string> symbols) {
  const std::lock_guard lock(mutex_);
  for (const std::string& symbol : symbols) ++Series(symbol).backfills_running;
  ++backfills_running_;
  UpdateCaughtUp();
  Changed();
}

void LiveBarBuffer::EndBackfill(std::span<const std::string> symbols, bool ok) {
  const std::lock_guard lock(mutex_);
  for (const std::string& symbol : symbols) {
    SymbolBars& series = Series(symbol);
    --series.backfills_running;
    series.backfilled = series.backfilled || ok;
  }
  --backfills_running_;
  backfilled_since_connect_ = backfilled_since_connect_ || (status_.connected && ok);
  UpdateCaughtUp();
  Changed();
}

bool LiveBarBuffer::ready(const model::Symbol& symbol) const {
  const std::lock_guard lock(mutex_);
  const size_t index = Find(symbol.str(), kNone);
  return index != kNone && symbols_[index].backfilled && symbols_[index].backfills_running == 0;
}

void LiveBarBuffer::NoteFrame() {
  const Timestamp now = clock_.Now();
  const std::lock_guard lock(mutex_);
  status_.last_message = now;
  Changed();  // Bars may follow: the session can get ready for them.
}

void LiveBarBuffer::NoteReconnect() {
  const std::lock_guard lock(mutex_);
  ++status_.reconnects;
  Changed();
}

void LiveBarBuffer::NoteMalformed(std::string_view what) {
  const std::lock_guard lock(mutex_);
  ++status_.malformed;
  status_.last_error = std::string(what);
  Changed();
}

void LiveBarBuffer::NoteError(std::string_view what) {
  const std::lock_guard lock(mutex_);
  ++status_.errors;
  status_.last_error = std::string(what);
  Changed();
}

void LiveBarBuffer::Take(std::span<const model::Symbol> symbols, Timestamp now,
                         std::span<std::vector<model::Bar>* const> out) {
  TD_CHECK(out.size() == symbols.size());
  const Timestamp last_open = now - interval_.duration();
  const std::lock_guard lock(mutex_);
  // As Add: the entries first, then their next bars side by side.
  FindEach(symbols, &model::Symbol::str);
  for (const size_t index : found_) {
    if (index != kNone) __builtin_prefetch(symbols_[index].bars.data() + symbols_[index].taken);
  }
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (found_[i] == kNone) continue;
    std::vector<model::Bar>& bars = *out[i];
    SymbolBars& series = symbols_[found_[i]];
    size_t end = series.taken;
    for (; end < series.bars.size() && series.bars[end].bar.open_time <= last_open; ++end) {
      bars.push_back(series.bars[end].bar);
    }
    MarkTaken(series, end);
  }
}

void LiveBarBuffer::MarkTaken(SymbolBars& series, size_t end) {
  if (end <= series.taken) return;
  series.taken = end;
  series.last_taken = series.bars[end - 1].bar.open_time;
  series.any_taken = true;
}

Status LiveBarBuffer::Bars(std::span<const model::Symbol> symbols, model::Interval interval,
                           Timestamp from, Timestamp to,
                           std::span<std::vector<model::Bar>* const> out) {
  TD_CHECK(out.size() == symbols.size());
  if (interval != interval_) {
    return Error::InvalidArgument("the live feed streams {} bars, not {}", interval_.ToString(),
                                  interval.ToString());
  }
  const std::lock_guard lock(mutex_);
  for (size_t i = 0; i < symbols.size(); ++i) {
    std::vector<model::Bar>& bars = *out[i];
    bars.clear();
    const size_t index = Find(symbols[i].str(), kNone);
    if (index == kNone) continue;
    SymbolBars& series = symbols_[index];
    size_t end = 0;
    for (size_t k = 0; k < series.bars.size(); ++k) {
      const model::Bar& bar = series.bars[k].bar;
      if (bar.open_time >= to) break;
      end = k + 1;
      if (bar.open_time >= from) bars.push_back(bar);
    }
    MarkTaken(series, end);
  }
  return Status::Ok();
}

Timestamp LiveBarBuffer::NextOpenTime(std::string_view symbol, Timestamp otherwise) const {
  const std::lock_guard lock(mutex_);
  const size_t index = Find(symbol, kNone);
  if (index == kNone || symbols_[index].bars.empty()) return otherwise;
  return symbols_[index].bars.back().bar.open_time + interval_.duration();
}

std::vector<BufferedBar> LiveBarBuffer::Snapshot(const model::Symbol& symbol) const {
  const std::lock_guard lock(mutex_);
  const size_t index = Find(symbol.str(), kNone);
  return index == kNone ? std::vector<BufferedBar>{} : symbols_[index].bars;
}

std::vector<model::Symbol> LiveBarBuffer::symbols() const {
  const std::lock_guard lock(mutex_);
  std::vector<model::Symbol> held;
  for (const SymbolBars& series : symbols_) {
    if (series.bars.empty()) continue;
    Result<model::Symbol> symbol = model::Symbol::Parse(series.symbol);
    TD_CHECK(symbol.ok(), "the buffer holds an invalid symbol '{}'", series.symbol);
    held.push_back(*std::move(symbol));
  }
  return held;
}

std::vector<LateCorrection> LiveBarBuffer::late_corrections() const {
  const std::lock_guard lock(mutex_);
  return late_;
}

FeedStatus LiveBarBuffer::status() const {
  const std::lock_guard lock(mutex_);
  return status_;
}

void LiveBarBuffer::Forget(const model::Symbol& symbol) {
  const std::lock_guard lock(mutex_);
  const size_t index = Find(symbol.str(), kNone);
  if (index == kNone) return;
  status_.bars -= static_cast<int64_t>(symbols_[index].bars.size());
  symbols_.erase(symbols_.begin() + static_cast<std::ptrdiff_t>(index));
  Changed();
}

uint64_t LiveBarBuffer::version() const {
  const std::lock_guard lock(mutex_);
  return version_;
}

uint64_t LiveBarBuffer::WaitForChange(uint64_t seen, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return version_ > seen; });
  return version_;
}

Timestamp LiveBarBuffer::Horizon(std::span<const model::Symbol> symbols, Timestamp open,
                                 const HorizonRule& rule) {
  const Timestamp now = clock_.Now();
  const std::lock_guard lock(mutex_);
  if (!status_.caught_up) return horizon_;
  std::optional<Timestamp> earliest;
  std::optional<Timestamp> latest;
  FindEach(symbols, &model::Symbol::str);
  for (const size_t index : found_) {
    const Timestamp last = index == kNone || symbols_[index].bars.empty()
                               ? open
                               : symbols_[index].bars.back().bar.open_time + interval_.duration();
    earliest = std::min(earliest.value_or(last), last);
    latest = std::max(latest.value_or(last), last);
  }
  if (!earliest) return horizon_;
  Timestamp candidate = *earliest;
  if (!rule.wall && now - changed_at_ >= rule.idle) {
    candidate = *latest;  // A replay that stopped sending: its day is done.
  } else {
    const Timestamp cut = (rule.wall ? now : *latest) - rule.grace;
    candidate = std::max(candidate, cut) - rule.hold;
  }
  horizon_ = std::max(horizon_, candidate);
  return horizon_;
}

void LiveBarBuffer::set_on_change(std::function<void()> on_change) {
  const std::lock_guard lock(mutex_);
  on_change_ = std::move(on_change);
}

void LiveBarBuffer::UpdateCaughtUp() {
  status_.caught_up = status_.connected && backfills_running_ == 0 && backfilled_since_connect_;
}

void LiveBarBuffer::Changed() {
  ++version_;
  changed_at_ = clock_.Now();
  changed_.notify_all();
  if (on_change_) on_change_();
}

}  // namespace tapedeck::feed

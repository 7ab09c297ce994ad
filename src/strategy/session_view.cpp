#include "strategy/session_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace tapedeck::strategy {
namespace {

// "key.output" → ("key", "output"); a key without a dot has no output name.
std::pair<std::string_view, std::string_view> SplitKey(std::string_view key) {
  const size_t dot = key.find('.');
  if (dot == std::string_view::npos) return {key, {}};
  return {key.substr(0, dot), key.substr(dot + 1)};
}

// A strategy's signal, stamped `time`, into the session's record.
void RecordSignal(session::SessionContext& context, const std::string& strategy, Timestamp time,
                  api::Signal signal) {
  context.Record(
      session::Signal{time, strategy, std::move(signal.symbol),
                      signal.side == api::Side::kBuy ? session::Side::kBuy : session::Side::kSell,
                      signal.quantity, signal.weight, std::move(signal.reason)});
}

}  // namespace

const session::SymbolRecord* ViewReader::Find(std::string_view symbol) const {
  const Result<model::Symbol> parsed = model::Symbol::Parse(symbol);
  if (!parsed.ok()) return nullptr;
  const auto& symbols = context_.session().symbols();
  const auto it = symbols.find(*parsed);
  return it == symbols.end() ? nullptr : &it->second;
}

api::Nanos ViewReader::now() const { return ToUnixNanos(context_.now()); }

std::string ViewReader::session_date() const {
  const auto date = context_.session().session_date();
  return date ? FormatDate(*date) : "";
}

std::string ViewReader::base_interval() const {
  return context_.session().setup().plan.base.ToString();
}

std::vector<std::string> ViewReader::symbols(bool full_only) const {
  std::vector<std::string> out;
  for (const auto& [symbol, record] : context_.session().symbols()) {
    if (!full_only || record.meets_requirements) out.push_back(symbol.str());
  }
  return out;
}

bool ViewReader::has_symbol(std::string_view symbol) const { return Find(symbol) != nullptr; }

std::vector<api::Bar> ViewReader::bars(std::string_view symbol, std::string_view interval,
                                       std::size_t last) const {
  const session::SymbolRecord* record = Find(symbol);
  const Result<model::Interval> parsed = model::Interval::Parse(interval);
  if (record == nullptr || !parsed.ok()) return {};
  const loading::IntervalSeries* series = record->state->FindSeries(*parsed);
  if (series == nullptr) return {};
  const size_t count = std::min(last, series->bars.size());
  std::vector<api::Bar> out;
  out.reserve(count);
  for (size_t i = series->bars.size() - count; i < series->bars.size(); ++i) {
    const model::Bar& bar = series->bars[i];
    out.push_back(
        api::Bar{ToUnixNanos(bar.open_time), bar.open, bar.high, bar.low, bar.close, bar.volume});
  }
  return out;
}

std::optional<double> ViewReader::indicator(std::string_view symbol, std::string_view key) const {
  const session::SymbolRecord* record = Find(symbol);
  if (record == nullptr) return std::nullopt;
  const auto [name, output] = SplitKey(key);
  for (const loading::IndicatorState& state : record->state->indicators()) {
    if (state.key != name) continue;
    if (!state.indicator->ready()) return std::nullopt;
    const auto values = state.indicator->values();
    const auto names = state.indicator->output_names();
    if (output.empty()) return values.empty() ? std::nullopt : std::optional(values[0]);
    for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
      if (names[i] == output) return values[i];
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<double> ViewReader::historical(std::string_view symbol, std::string_view key) const {
  const session::SymbolRecord* record = Find(symbol);
  if (record == nullptr) return std::nullopt;
  const auto [name, output] = SplitKey(key);
  for (const loading::HistoricalIndicatorState& state : record->state->historical_indicators()) {
    if (state.key != name) continue;
    if (!state.value.ready || state.value.outputs.empty()) return std::nullopt;
    if (output.empty()) return state.value.outputs.front().second;
    for (const auto& [output_name, value] : state.value.outputs) {
      if (output_name == output) return value;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<double> ViewReader::previous_close(std::string_view symbol) const {
  const session::SymbolRecord* record = Find(symbol);
  const auto today = context_.session().session_date();
  if (record == nullptr || !today) return std::nullopt;
  // The daily history the historical indicators read: per past session, the
  // store's 1d bar when there is one, else the one derived from base bars.
  const auto& past = record->state->past_sessions();
  for (auto it = past.rbegin(); it != past.rend(); ++it) {
    if (it->first >= *today) continue;
    if (it->second.stored_daily) return it->second.stored_daily->close;
    if (it->second.derived_daily) return it->second.derived_daily->close;
  }
  return std::nullopt;
}

void StrategyView::emit(api::Signal signal) {
  RecordSignal(context_, name_, context_.now(), std::move(signal));
}

std::string BarOnlyView::session_date() const { return ViewReader(context_).session_date(); }

std::string BarOnlyView::base_interval() const { return ViewReader(context_).base_interval(); }

void BarOnlyView::Refuse(std::string_view what) const {
  std::string error = fmt::format(
      "read the session ({}) in OnBar although its reads_session() is false: stopped (return "
      "true from reads_session() to read it)",
      what);
  if (!refused_) refused_ = error;
  throw std::logic_error(error);
}

std::vector<std::string> BarOnlyView::symbols(bool /*full_only*/) const { Refuse("symbols()"); }

bool BarOnlyView::has_symbol(std::string_view symbol) const {
  Refuse(fmt::format("has_symbol({})", symbol));
}

std::vector<api::Bar> BarOnlyView::bars(std::string_view symbol, std::string_view interval,
                                        std::size_t /*last*/) const {
  Refuse(fmt::format("bars({}, {})", symbol, interval));
}

std::optional<double> BarOnlyView::indicator(std::string_view symbol, std::string_view key) const {
  Refuse(fmt::format("indicator({}, {})", symbol, key));
}

std::optional<double> BarOnlyView::historical(std::string_view symbol, std::string_view key) const {
  Refuse(fmt::format("historical({}, {})", symbol, key));
}

std::optional<double> BarOnlyView::previous_close(std::string_view symbol) const {
  Refuse(fmt::format("previous_close({})", symbol));
}

void BarOnlyView::emit(api::Signal signal) {
  // After a refused read the strategy is as good as stopped.
  if (refused_) return;
  RecordSignal(context_, name_, completed_at_, std::move(signal));
}

}  // namespace tapedeck::strategy

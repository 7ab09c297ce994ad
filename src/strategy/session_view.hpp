// The scanner and strategy API's view of a running session, over the
// engine's read API: what api::SessionView promises, answered from the
// SessionContext the engine hands to the host for one call. Loop thread only;
// valid for that call.
#pragma once

#include <string>
#include <vector>

#include "session/session_engine.hpp"
#include "session/session_participant.hpp"
#include "tapedeck/strategy_api.hpp"

namespace tapedeck::strategy {

// The read API shared by both contexts.
class ViewReader {
 public:
  explicit ViewReader(const session::SessionContext& context) : context_(context) {}

  api::Nanos now() const;
  std::string session_date() const;
  std::string base_interval() const;
  std::vector<std::string> symbols(bool full_only) const;
  bool has_symbol(std::string_view symbol) const;
  std::vector<api::Bar> bars(std::string_view symbol, std::string_view interval,
                             std::size_t last) const;
  std::optional<double> indicator(std::string_view symbol, std::string_view key) const;
  std::optional<double> historical(std::string_view symbol, std::string_view key) const;
  std::optional<double> previous_close(std::string_view symbol) const;

 private:
  const session::SymbolRecord* Find(std::string_view symbol) const;

  const session::SessionContext& context_;
};

// Implements every SessionView method of `Base` through a ViewReader.
template <typename Base>
class ViewOf : public Base {
 public:
  explicit ViewOf(const session::SessionContext& context) : reader_(context) {}

  api::Nanos now() const override { return reader_.now(); }
  std::string session_date() const override { return reader_.session_date(); }
  std::string base_interval() const override { return reader_.base_interval(); }
  std::vector<std::string> symbols(bool full_only) const override {
    return reader_.symbols(full_only);
  }
  bool has_symbol(std::string_view symbol) const override { return reader_.has_symbol(symbol); }
  std::vector<api::Bar> bars(std::string_view symbol, std::string_view interval,
                             std::size_t last) const override {
    return reader_.bars(symbol, interval, last);
  }
  std::optional<double> indicator(std::string_view symbol, std::string_view key) const override {
    return reader_.indicator(symbol, key);
  }
  std::optional<double> historical(std::string_view symbol, std::string_view key) const override {
    return reader_.historical(symbol, key);
  }
  std::optional<double> previous_close(std::string_view symbol) const override {
    return reader_.previous_close(symbol);
  }

 protected:
  ~ViewOf() = default;

 private:
  ViewReader reader_;
};

class ScanView final : public ViewOf<api::ScanContext> {
 public:
  ScanView(const session::SessionContext& context, const std::vector<std::string>& universe)
      : ViewOf(context), universe_(universe) {}
  const std::vector<std::string>& universe() const override { return universe_; }

 private:
  const std::vector<std::string>& universe_;
};

// Emitted signals are stamped with the step's time and the strategy's name.
class StrategyView final : public ViewOf<api::StrategyContext> {
 public:
  StrategyView(session::SessionContext& context, const std::string& name)
      : ViewOf(context), context_(context), name_(name) {}
  void emit(api::Signal signal) override;

 private:
  session::SessionContext& context_;
  const std::string& name_;
};

// The view of a strategy whose reads_session() is false, for one OnBar: it
// may not see the session (which may have run ahead of the bar), only the
// bar's time. A refused read throws (which stops the strategy at that bar)
// and is remembered, in case the strategy swallows the exception.
class BarOnlyView final : public api::StrategyContext {
 public:
  BarOnlyView(session::SessionContext& context, const std::string& name, Timestamp completed_at)
      : context_(context), name_(name), completed_at_(completed_at) {}

  api::Nanos now() const override { return ToUnixNanos(completed_at_); }
  std::string session_date() const override;
  std::string base_interval() const override;
  std::vector<std::string> symbols(bool full_only) const override;
  bool has_symbol(std::string_view symbol) const override;
  std::vector<api::Bar> bars(std::string_view symbol, std::string_view interval,
                             std::size_t last) const override;
  std::optional<double> indicator(std::string_view symbol, std::string_view key) const override;
  std::optional<double> historical(std::string_view symbol, std::string_view key) const override;
  std::optional<double> previous_close(std::string_view symbol) const override;
  // Stamped with the bar's completion time.
  void emit(api::Signal signal) override;

  // The error of the first read refused, if any.
  const std::optional<std::string>& refused() const { return refused_; }

 private:
  // Throws std::logic_error naming `what` ("indicator(SPY, sma_20_5m)").
  [[noreturn]] void Refuse(std::string_view what) const;

  session::SessionContext& context_;
  const std::string& name_;
  Timestamp completed_at_;
  mutable std::optional<std::string> refused_;
};

}  // namespace tapedeck::strategy

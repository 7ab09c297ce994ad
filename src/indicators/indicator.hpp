// The streaming indicator interface. An Indicator consumes completed bars one
// at a time (Update is called exactly once per completed bar, in open-time
// order) and exposes its latest outputs. State is per instance; an instance is
// not thread-safe, but copies (Clone) are independent.
//
// Conventions shared by every indicator in this module:
// - lookback() is the number of bars needed before the first value, i.e.
//   TA-Lib's `TA_XXX_Lookback()` + 1: ready() turns true on the
//   lookback()-th Update and stays true (except where a header says otherwise).
// - values() has one entry per output_names() entry, in the same order; every
//   entry is NaN until ready().
// - Outputs use TA-Lib's lower-case output names (`macd`, `macdsignal`,
//   `upperband` ...); single-output indicators name their output after the
//   indicator itself.
// - Update never allocates and never fails; parameters were validated by the
//   registry (registry.hpp) or, for direct construction, by the caller (a bad
//   parameter passed to a constructor is a bug and stops the program).
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <memory>
#include <span>
#include <string_view>

#include "model/bar.hpp"

namespace tapedeck::indicators {

// The most outputs any indicator has (pivot_points: pp, r1, s1, r2, s2, r3, s3).
inline constexpr std::size_t kMaxOutputs = 7;

// Cache-line aligned, so that each instance's hot state (outputs and the
// derived class's members) starts a line of its own rather than sharing one
// with whatever the allocator placed before it.
class alignas(64) Indicator {
 public:
  virtual ~Indicator() = default;

  // Consumes one completed bar. O(1) amortized unless the header says otherwise.
  virtual void Update(const model::Bar& bar) = 0;
  // Back to the freshly constructed state (same parameters).
  virtual void Reset() = 0;
  // An independent copy of the current state.
  virtual std::unique_ptr<Indicator> Clone() const = 0;
  // True for indicators anchored to a session (vwap): the session engine calls
  // Reset() before the first bar of each session. False for all others, which
  // carry their state across sessions.
  virtual bool session_anchored() const { return false; }

  bool ready() const { return ready_; }
  int lookback() const { return lookback_; }
  // The latest outputs; the span stays valid for the life of the indicator.
  std::span<const double> values() const { return {values_.data(), names_.size()}; }
  std::span<const std::string_view> output_names() const { return names_; }

 protected:
  // `names` must outlive the indicator (use a static constexpr array).
  Indicator(std::span<const std::string_view> names, int lookback);
  Indicator(const Indicator&) = default;
  Indicator& operator=(const Indicator&) = default;

  // Marks the indicator not ready and sets every output to NaN.
  void ClearOutputs();
  void Publish(double value) {
    values_[0] = value;
    ready_ = true;
  }
  void Publish(std::size_t output, double value) {
    values_[output] = value;
    ready_ = true;
  }

 private:
  std::span<const std::string_view> names_;
  std::array<double, kMaxOutputs> values_;
  int lookback_;
  bool ready_ = false;
};

// Implements Clone() for a copyable concrete indicator.
template <typename Derived>
class IndicatorBase : public Indicator {
 public:
  std::unique_ptr<Indicator> Clone() const final {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }

 protected:
  using Indicator::Indicator;
};

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace tapedeck::indicators

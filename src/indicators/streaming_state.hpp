// Building blocks shared by the indicators: a fixed-capacity ring of recent
// values, TA-Lib-exact streaming SMA / EMA / WMA states, a rolling maximum or
// minimum and a rolling (highest high, lowest low) pair. They allocate only in
// their constructors, so an indicator built from them never allocates in
// Update. Arithmetic follows the order of operations of TA-Lib's C code so
// that results agree to the last bit where possible. Not thread-safe; copyable.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/check.hpp"

namespace tapedeck::indicators::internal {

// `condition ? if_true : if_false` without a branch, for conditions on the data
// (did the close rise?) that a branch predictor gets wrong about half the time:
// GCC compiles a plain ?: or if on doubles to a jump.
inline double Select(bool condition, double if_true, double if_false) {
  const std::uint64_t mask = std::uint64_t{0} - static_cast<std::uint64_t>(condition);
  return std::bit_cast<double>((std::bit_cast<std::uint64_t>(if_true) & mask) |
                               (std::bit_cast<std::uint64_t>(if_false) & ~mask));
}

// Two doubles that GCC and Clang process lane by lane (vector extensions):
// +, −, *, / and comparisons are one SSE2 instruction each, rounded exactly as
// the scalar operation on each lane, and `mask ? a : b` picks lane by lane.
// Used where an indicator does the same steps on two values, such as the
// highs and the lows, or +DM and −DM.
using Pair = double __attribute__((vector_size(16)));
// A lane-wise comparison's result (all ones where true) and positions.
using PairMask = std::int64_t __attribute__((vector_size(16)));

// TA-Lib's TA_IS_ZERO and TA_IS_ZERO_OR_NEG.
inline bool IsZero(double v) { return -0.00000001 < v && v < 0.00000001; }
inline bool IsZeroOrNeg(double v) { return v < 0.00000001; }

// The last `capacity` values pushed. Slot i of raw() holds push number k with
// k % capacity == i (counting from 0 since the last Clear), as TA-Lib's
// circular buffers do.
class Ring {
 public:
  explicit Ring(int capacity)
      : data_(static_cast<std::size_t>(capacity), 0.0),
        capacity_(static_cast<std::size_t>(capacity)) {
    TD_CHECK(capacity >= 1, "ring capacity {}", capacity);
  }

  void Push(double value) {
    data_[head_] = value;
    head_ = head_ + 1 == capacity_ ? 0 : head_ + 1;
    ++pushes_;
  }
  // Requires: 0 <= age < size(). Age 0 is the newest value.
  double Ago(int age) const {
    TD_DCHECK(age >= 0 && age < size(), "age {} of {}", age, size());
    const std::size_t back = static_cast<std::size_t>(age) + 1;
    return data_[head_ >= back ? head_ - back : head_ + capacity_ - back];
  }
  // Ago(capacity() − 1), the value the next Push overwrites, in one load.
  // Requires: full().
  double oldest() const {
    TD_DCHECK(full(), "oldest of {} of {}", size(), capacity_);
    return data_[head_];
  }
  int size() const { return static_cast<int>(pushes_ < capacity_ ? pushes_ : capacity_); }
  int capacity() const { return static_cast<int>(capacity_); }
  bool full() const { return pushes_ >= capacity_; }
  const std::vector<double>& raw() const { return data_; }
  // The slot of raw() that the last Push wrote. Requires: size() > 0.
  std::size_t newest_slot() const { return (head_ == 0 ? capacity_ : head_) - 1; }
  void Clear() {
    head_ = 0;
    pushes_ = 0;
  }

 private:
  std::vector<double> data_;
  std::size_t capacity_;  // data_.size(), kept to spare the hot paths a subtraction.
  std::size_t head_ = 0;
  std::size_t pushes_ = 0;  // Since the last Clear.
};

// Simple moving average with TA-Lib's running total: the total of the last
// n-1 inputs plus the new one, divided by n; then the oldest leaves.
class SmaState {
 public:
  explicit SmaState(int period)
      : n_(static_cast<double>(period)), period_(period), window_(period) {}

  // Returns true when value() holds the average of the last `period` inputs.
  bool Add(double x) {
    window_.Push(x);
    total_ += x;
    if (!window_.full()) return false;
    value_ = total_ / n_;
    total_ -= window_.oldest();
    return true;
  }
  double value() const { return value_; }
  int period() const { return period_; }
  void Reset() {
    window_.Clear();
    total_ = 0;
    value_ = 0;
  }

 private:
  // Constants first: GCC may load n_ with the 8 bytes after it in one 16-byte
  // load, which stalls if those were just stored (store forwarding fails).
  double n_;  // period_ as a double, converted once.
  int period_;
  Ring window_;
  double total_ = 0;
  double value_ = 0;
};

// Exponential moving average, k = 2 / (n + 1), seeded with the SMA of the
// first n inputs (TA-Lib's default, non-Metastock compatibility).
class EmaState {
 public:
  explicit EmaState(int period) : period_(period), k_(2.0 / static_cast<double>(period + 1)) {}

  bool Add(double x) {
    if (count_ >= period_) {
      value_ = ((x - value_) * k_) + value_;
      return true;
    }
    seed_total_ += x;
    if (++count_ < period_) return false;
    value_ = seed_total_ / period_;
    return true;
  }
  bool ready() const { return count_ >= period_; }
  double value() const { return value_; }
  void Reset() {
    count_ = 0;
    seed_total_ = 0;
    value_ = 0;
  }

 private:
  int period_;
  double k_;
  int count_ = 0;
  double seed_total_ = 0;
  double value_ = 0;
};

// Linearly weighted moving average (weights 1..n, newest heaviest) with
// TA-Lib's running sums. Period 1 is the identity.
class WmaState {
 public:
  explicit WmaState(int period)
      : n_(static_cast<double>(period)),
        period_(period),
        divider_(static_cast<double>(period) * static_cast<double>(period + 1) / 2.0),
        window_(period) {}

  bool Add(double x) {
    window_.Push(x);
    ++count_;
    if (count_ < period_) {
      period_sub_ += x;
      period_sum_ += x * static_cast<double>(count_);
      return false;
    }
    period_sub_ += x;
    period_sub_ -= trailing_value_;
    period_sum_ += x * n_;
    trailing_value_ = window_.oldest();
    value_ = period_sum_ / divider_;
    period_sum_ -= period_sub_;
    return true;
  }
  double value() const { return value_; }
  void Reset() {
    window_.Clear();
    count_ = 0;
    period_sub_ = period_sum_ = trailing_value_ = value_ = 0;
  }

 private:
  double n_;  // period_ as a double; first, as in SmaState.
  int period_;
  double divider_;
  Ring window_;
  int count_ = 0;
  double period_sub_ = 0;
  double period_sum_ = 0;
  double trailing_value_ = 0;
  double value_ = 0;
};

// The maximum (kMax) or minimum of the last `period` values, by van Herk and
// Gil-Werman's blocks: the values are cut into blocks of `period`, and the
// window ending at slot j of the current block is the previous block's suffix
// from slot j + 1 plus the current block's prefix up to slot j. An Add is a few
// branch-free comparisons, plus one pass over the block each time a block
// completes: O(1) amortized, and, unlike a monotonic deque, with no branch on
// the data, which a price series mispredicts. On ties the most recent position
// wins, as in TA-Lib's AROON; with kWithAge, age() says how many bars ago the
// extreme was set. Requires: no NaN is added.
template <bool kMax, bool kWithAge = false>
class RollingExtreme {
 public:
  explicit RollingExtreme(int period)
      : period_(period),
        values_(static_cast<std::size_t>(period) + 1),
        positions_(kWithAge ? static_cast<std::size_t>(period) + 1 : 0) {
    TD_CHECK(period >= 1, "rolling window {}", period);
    Reset();
  }

  // Returns value().
  double Add(double x) {
    ++position_;
    if constexpr (kWithAge) {
      prefix_position_ = Pick(MoreExtreme(prefix_value_, x), prefix_position_, position_);
    }
    prefix_value_ = Extreme(prefix_value_, x);
    // Slot `slot_` + 1 holds the extreme of the previous block from there on
    // (neutral past the end and before the first block completes); slot
    // `slot_` is no longer needed and takes the new value.
    const double older_value = values_[slot_ + 1];
    if constexpr (kWithAge) {
      extreme_position_ =
          Pick(MoreExtreme(older_value, prefix_value_), positions_[slot_ + 1], prefix_position_);
      positions_[slot_] = position_;
    }
    value_ = Extreme(older_value, prefix_value_);
    values_[slot_] = x;
    if (++slot_ == static_cast<std::size_t>(period_)) CloseBlock();
    return value_;
  }
  // Requires: at least one Add since construction or Reset.
  double value() const { return value_; }
  int age() const requires kWithAge { return static_cast<int>(position_ - extreme_position_); }
  // True once `period` values were added.
  bool full() const { return position_ + 1 >= period_; }
  void Reset() {
    std::ranges::fill(values_, kNeutral);
    std::ranges::fill(positions_, 0);
    slot_ = 0;
    prefix_value_ = value_ = kNeutral;
    prefix_position_ = extreme_position_ = 0;
    position_ = -1;
  }

 private:
  // Never more extreme than any value.
  static constexpr double kNeutral =
      kMax ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();

  // The helpers below are written so that GCC emits maxsd/minsd and
  // arithmetic rather than branches.
  static bool MoreExtreme(double older, double newer) {
    if constexpr (kMax) {
      return older > newer;
    } else {
      return older < newer;
    }
  }
  // The more extreme value, the newer on ties.
  static double Extreme(double older, double newer) {
    return MoreExtreme(older, newer) ? older : newer;
  }
  static long long Pick(bool older_wins, long long older, long long newer) {
    const long long older_mask = -static_cast<long long>(older_wins);
    return (older & older_mask) | (newer & ~older_mask);
  }
  // Turns the completed block into its suffix extremes, the newest winning
  // ties, and starts an empty block. The last slot of a block is its own suffix.
  void CloseBlock() {
    for (std::size_t i = slot_ - 1; i-- > 0;) {
      if constexpr (kWithAge) {
        positions_[i] =
            Pick(MoreExtreme(values_[i], values_[i + 1]), positions_[i], positions_[i + 1]);
      }
      values_[i] = Extreme(values_[i], values_[i + 1]);
    }
    slot_ = 0;
    prefix_value_ = kNeutral;
  }

  long long period_;
  // period + 1 slots: the current block's values up to slot_, the previous
  // block's suffix extremes after it, and a neutral sentinel at the end.
  std::vector<double> values_;
  std::vector<long long> positions_;  // Their positions, with kWithAge.
  std::size_t slot_ = 0;
  double prefix_value_ = kNeutral;  // The extreme of the current block so far.
  long long prefix_position_ = 0;
  double value_ = kNeutral;  // The extreme of the window.
  long long extreme_position_ = 0;
  long long position_ = -1;
};

// RollingMax of the highs and RollingMin of the lows of the same bars, as one
// RollingExtreme<true> over the pairs (high, −low): both lanes share every
// load, comparison and store (SSE2 maxpd), where two RollingExtremes would do
// each twice. Negation is exact and −a > −b exactly when a < b, so `lowest`
// and its age are bit-identical to RollingMin's (the most recent position
// winning ties, as there). Requires: no NaN is added.
template <bool kWithAge = false>
class RollingRange {
 public:
  // The window's extremes after an Add; the ages only with kWithAge.
  struct Extremes {
    double highest;
    double lowest;
    int highest_age;  // Bars ago: 0 for the newest bar.
    int lowest_age;
  };

  explicit RollingRange(int period)
      : period_(static_cast<std::size_t>(period)),
        values_(period_ + 1),
        positions_(kWithAge ? period_ + 1 : 0) {
    TD_CHECK(period >= 1, "rolling window {}", period);
    Reset();
  }

  // Use the returned extremes rather than re-reading them: they are still in
  // registers, where a reload would wait on the pair's 16-byte store.
  Extremes Add(double high, double low) {
    const Pair x = {high, -low};
    ++position_;
    // The steps of RollingExtreme<true>::Add, on both lanes at once.
    [[maybe_unused]] const PairMask now = {position_, position_};
    if constexpr (kWithAge) prefix_position_ = prefix_value_ > x ? prefix_position_ : now;
    prefix_value_ = Extreme(prefix_value_, x);
    const Pair older_value = values_[slot_ + 1];
    Extremes extremes{};
    if constexpr (kWithAge) {
      const PairMask extreme_position =
          older_value > prefix_value_ ? positions_[slot_ + 1] : prefix_position_;
      positions_[slot_] = now;
      extremes.highest_age = static_cast<int>(position_ - extreme_position[0]);
      extremes.lowest_age = static_cast<int>(position_ - extreme_position[1]);
    }
    const Pair value = Extreme(older_value, prefix_value_);
    extremes.highest = value[0];
    extremes.lowest = -value[1];
    values_[slot_] = x;
    if (++slot_ == period_) CloseBlock();
    return extremes;
  }
  // True once `period` bars were added.
  bool full() const { return position_ + 1 >= static_cast<std::int64_t>(period_); }
  void Reset() {
    std::ranges::fill(values_, Pair{kNeutral, kNeutral});
    std::ranges::fill(positions_, PairMask{0, 0});
    slot_ = 0;
    prefix_value_ = Pair{kNeutral, kNeutral};
    prefix_position_ = PairMask{0, 0};
    position_ = -1;
  }

 private:
  static constexpr double kNeutral = -std::numeric_limits<double>::infinity();

  // Lane by lane, the larger value, the newer on ties (maxpd).
  static Pair Extreme(Pair older, Pair newer) { return older > newer ? older : newer; }
  void CloseBlock() {
    for (std::size_t i = slot_ - 1; i-- > 0;) {
      if constexpr (kWithAge) {
        positions_[i] = values_[i] > values_[i + 1] ? positions_[i] : positions_[i + 1];
      }
      values_[i] = Extreme(values_[i], values_[i + 1]);
    }
    slot_ = 0;
    prefix_value_ = Pair{kNeutral, kNeutral};
  }

  std::size_t period_;
  // As RollingExtreme's values_ and positions_, one pair per slot.
  std::vector<Pair> values_;
  std::vector<PairMask> positions_;
  std::size_t slot_ = 0;
  Pair prefix_value_;
  PairMask prefix_position_;
  std::int64_t position_ = -1;
};

using RollingMax = RollingExtreme<true>;
using RollingMin = RollingExtreme<false>;

// TA-Lib's true range; `previous_close` is the prior bar's close.
// fabs(a − b) equals TA-Lib's "a > b ? a − b : b − a" to the bit (IEEE
// subtraction is symmetric in sign), and, like the ?: maxima, compiles without
// branches.
inline double TrueRange(double high, double low, double previous_close) {
  double range = high - low;
  const double to_high = std::fabs(high - previous_close);
  range = to_high > range ? to_high : range;
  const double to_low = std::fabs(low - previous_close);
  range = to_low > range ? to_low : range;
  return range;
}

}  // namespace tapedeck::indicators::internal

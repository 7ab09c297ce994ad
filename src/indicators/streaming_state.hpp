// Building blocks shared by the indicators: a fixed-capacity ring of recent
// values, TA-Lib-exact streaming SMA / EMA / WMA states and a monotonic-deque
// rolling maximum or minimum. They allocate only in their constructors, so an
// indicator built from them never allocates in Update. Arithmetic follows the
// order of operations of TA-Lib's C code so that results agree to the last bit
// where possible. Not thread-safe; copyable.
#pragma once

#include <bit>
#include <cstddef>
#include <vector>

#include "core/check.hpp"

namespace tapedeck::indicators::internal {

// TA-Lib's TA_IS_ZERO and TA_IS_ZERO_OR_NEG.
inline bool IsZero(double v) { return -0.00000001 < v && v < 0.00000001; }
inline bool IsZeroOrNeg(double v) { return v < 0.00000001; }

// The last `capacity` values pushed. Slot i of raw() holds push number k with
// k % capacity == i (counting from 0 since the last Clear), as TA-Lib's
// circular buffers do.
class Ring {
 public:
  explicit Ring(int capacity) : data_(static_cast<std::size_t>(capacity), 0.0) {
    TD_CHECK(capacity >= 1, "ring capacity {}", capacity);
  }

  void Push(double value) {
    data_[head_] = value;
    head_ = head_ + 1 == data_.size() ? 0 : head_ + 1;
    if (size_ < data_.size()) ++size_;
  }
  // Requires: 0 <= age < size(). Age 0 is the newest value.
  double Ago(int age) const {
    TD_DCHECK(age >= 0 && static_cast<std::size_t>(age) < size_, "age {} of {}", age, size_);
    const std::size_t back = static_cast<std::size_t>(age) + 1;
    return data_[head_ >= back ? head_ - back : head_ + data_.size() - back];
  }
  int size() const { return static_cast<int>(size_); }
  int capacity() const { return static_cast<int>(data_.size()); }
  bool full() const { return size_ == data_.size(); }
  const std::vector<double>& raw() const { return data_; }
  void Clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  std::vector<double> data_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

// Simple moving average with TA-Lib's running total: the total of the last
// n-1 inputs plus the new one, divided by n; then the oldest leaves.
class SmaState {
 public:
  explicit SmaState(int period) : period_(period), window_(period) {}

  // Returns true when value() holds the average of the last `period` inputs.
  bool Add(double x) {
    window_.Push(x);
    total_ += x;
    if (!window_.full()) return false;
    value_ = total_ / period_;
    total_ -= window_.Ago(period_ - 1);
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
      : period_(period),
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
    period_sum_ += x * static_cast<double>(period_);
    trailing_value_ = window_.Ago(period_ - 1);
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
  int period_;
  double divider_;
  Ring window_;
  int count_ = 0;
  double period_sub_ = 0;
  double period_sum_ = 0;
  double trailing_value_ = 0;
  double value_ = 0;
};

// The maximum (kMax) or minimum of the last `period` values, by a monotonic
// deque: O(1) amortized. On ties the most recent position wins, as in TA-Lib's
// AROON; age() says how many bars ago the extreme was set.
template <bool kMax>
class RollingExtreme {
 public:
  explicit RollingExtreme(int period)
      : period_(period), entries_(std::bit_ceil(static_cast<std::size_t>(period))) {
    TD_CHECK(period >= 1, "rolling window {}", period);
  }

  void Add(double x) {
    ++position_;
    while (size_ > 0 && Dominates(x, At(size_ - 1).value)) --size_;
    if (size_ > 0 && At(0).position <= position_ - period_) {  // Left the window.
      head_ = (head_ + 1) & (entries_.size() - 1);
      --size_;
    }
    At(size_) = {x, position_};
    ++size_;
  }
  // Requires: at least one Add since construction or Reset.
  double value() const { return At(0).value; }
  int age() const { return static_cast<int>(position_ - At(0).position); }
  // True once `period` values were added.
  bool full() const { return position_ + 1 >= period_; }
  void Reset() {
    head_ = 0;
    size_ = 0;
    position_ = -1;
  }

 private:
  struct Entry {
    double value = 0;
    long long position = 0;
  };
  static bool Dominates(double x, double y) {
    if constexpr (kMax) {
      return x >= y;
    } else {
      return x <= y;
    }
  }
  // The capacity is a power of two, so wrapping is a mask.
  Entry& At(std::size_t i) { return entries_[(head_ + i) & (entries_.size() - 1)]; }
  const Entry& At(std::size_t i) const { return entries_[(head_ + i) & (entries_.size() - 1)]; }

  long long period_;
  std::vector<Entry> entries_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
  long long position_ = -1;
};

using RollingMax = RollingExtreme<true>;
using RollingMin = RollingExtreme<false>;

// TA-Lib's true range; `previous_close` is the prior bar's close.
inline double TrueRange(double high, double low, double previous_close) {
  double range = high - low;
  const double to_high = previous_close > high ? previous_close - high : high - previous_close;
  if (to_high > range) range = to_high;
  const double to_low = previous_close > low ? previous_close - low : low - previous_close;
  if (to_low > range) range = to_low;
  return range;
}

}  // namespace tapedeck::indicators::internal

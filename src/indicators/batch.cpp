#include "indicators/batch.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

#include "indicators/indicator.hpp"

namespace tapedeck::indicators {
namespace {

// Written without the streaming building blocks on purpose: every function
// here recomputes from the inputs, so that batch_test.cpp is a cross-check.

using Column = std::vector<double>;
using Bars = std::span<const model::Bar>;

constexpr std::array<std::string_view, 5> kStreamingOnly = {"adx", "kama", "minus_di", "plus_di",
                                                            "sar"};

bool IsZero(double v) { return -1e-8 < v && v < 1e-8; }  // TA-Lib 0.4.0's TA_IS_ZERO.

std::size_t Size(double param) { return static_cast<std::size_t>(param); }

Column Nans(std::size_t size) { return Column(size, kNaN); }

Column Field(Bars bars, double model::Bar::*field) {
  Column column;
  column.reserve(bars.size());
  for (const model::Bar& bar : bars) column.push_back(bar.*field);
  return column;
}

Column Typical(Bars bars) {
  Column column;
  for (const model::Bar& bar : bars) column.push_back((bar.high + bar.low + bar.close) / 3.0);
  return column;
}

// Mean of x[i − n + 1 .. i] for every i whose window starts at or after `start`.
Column RollingMean(const Column& x, std::size_t start, std::size_t n) {
  Column out = Nans(x.size());
  for (std::size_t i = start + n - 1; i < x.size(); ++i) {
    double total = 0;
    for (std::size_t j = i + 1 - n; j <= i; ++j) total += x[j];
    out[i] = total / static_cast<double>(n);
  }
  return out;
}

// Weights 1..n, the newest heaviest; n = 1 is the identity.
Column RollingWma(const Column& x, std::size_t start, std::size_t n) {
  Column out = Nans(x.size());
  const double divider = static_cast<double>(n) * static_cast<double>(n + 1) / 2.0;
  for (std::size_t i = start + n - 1; i < x.size(); ++i) {
    double total = 0;
    for (std::size_t w = 1; w <= n; ++w) total += static_cast<double>(w) * x[i + w - n];
    out[i] = total / divider;
  }
  return out;
}

// EMA, k = 2/(n + 1), seeded at start + n − 1 with the mean of x[start ..].
Column Ema(const Column& x, std::size_t start, std::size_t n) {
  Column out = Nans(x.size());
  const std::size_t seed = start + n - 1;
  if (seed >= x.size()) return out;
  double value = 0;
  for (std::size_t j = start; j <= seed; ++j) value += x[j];
  value /= static_cast<double>(n);
  out[seed] = value;
  const double k = 2.0 / static_cast<double>(n + 1);
  for (std::size_t i = seed + 1; i < x.size(); ++i) {
    value = ((x[i] - value) * k) + value;
    out[i] = value;
  }
  return out;
}

double TrueRangeAt(Bars bars, std::size_t i) {
  const double previous_close = bars[i - 1].close;
  return std::max({bars[i].high - bars[i].low, std::fabs(bars[i].high - previous_close),
                   std::fabs(bars[i].low - previous_close)});
}

// Wilder's ATR: the mean of true ranges 1..n at bar n, then (atr·(n − 1) + tr)/n.
Column Atr(Bars bars, std::size_t n) {
  Column out = Nans(bars.size());
  if (bars.size() <= n) return out;
  double atr = 0;
  for (std::size_t i = 1; i <= n; ++i) atr += TrueRangeAt(bars, i);
  atr /= static_cast<double>(n);
  out[n] = atr;
  for (std::size_t i = n + 1; i < bars.size(); ++i) {
    atr = (atr * static_cast<double>(n - 1) + TrueRangeAt(bars, i)) / static_cast<double>(n);
    out[i] = atr;
  }
  return out;
}

// Extreme of x[i − n + 1 .. i] and its age (bars ago); the latest wins ties.
struct Extreme {
  double value;
  std::size_t age;
};
template <bool kMax>
Extreme WindowExtreme(const Column& x, std::size_t i, std::size_t n) {
  std::size_t best = i + 1 - n;
  for (std::size_t j = best; j <= i; ++j) {
    if (kMax ? x[j] >= x[best] : x[j] <= x[best]) best = j;
  }
  return {x[best], i - best};
}

// Population deviation from Σx/n and Σx²/n, zero below TA-Lib's variance
// threshold (1e-8).
double Deviation(const Column& x, std::size_t i, std::size_t n, double* mean) {
  double total = 0;
  double squares = 0;
  for (std::size_t j = i + 1 - n; j <= i; ++j) {
    total += x[j];
    squares += x[j] * x[j];
  }
  *mean = total / static_cast<double>(n);
  const double variance = squares / static_cast<double>(n) - *mean * *mean;
  return variance < 1e-8 ? 0.0 : std::sqrt(variance);
}

// Raw %K of every bar with a full window of fastk bars (NaN before).
Column RawFastK(Bars bars, std::size_t fastk) {
  const Column highs = Field(bars, &model::Bar::high);
  const Column lows = Field(bars, &model::Bar::low);
  Column out = Nans(bars.size());
  for (std::size_t i = fastk - 1; i < bars.size(); ++i) {
    const double highest = WindowExtreme<true>(highs, i, fastk).value;
    const double lowest = WindowExtreme<false>(lows, i, fastk).value;
    const double diff = (highest - lowest) / 100.0;
    out[i] = diff != 0.0 ? (bars[i].close - lowest) / diff : 0.0;
  }
  return out;
}

// NaN in every output before bar `first`.
void MaskBefore(std::vector<Column>& outputs, std::size_t first) {
  for (Column& column : outputs) {
    for (std::size_t i = 0; i < std::min(first, column.size()); ++i) column[i] = kNaN;
  }
}

std::vector<Column> Swing(Bars bars, std::size_t p, bool high) {
  const Column prices = high ? Field(bars, &model::Bar::high) : Field(bars, &model::Bar::low);
  Column price = Nans(bars.size());
  Column ago = Nans(bars.size());
  bool found = false;
  std::size_t last = 0;
  for (std::size_t j = 2 * p; j < bars.size(); ++j) {
    const std::size_t centre = j - p;
    bool strict = true;
    for (std::size_t k = centre - p; k <= j && strict; ++k) {
      if (k != centre) strict = high ? prices[centre] > prices[k] : prices[centre] < prices[k];
    }
    if (strict) {
      found = true;
      last = centre;
    }
    if (found) {
      price[j] = prices[last];
      ago[j] = static_cast<double>(j - last);
    }
  }
  return {price, ago};
}

std::vector<Column> Streamed(Indicator& indicator, Bars bars) {
  std::vector<Column> outputs(indicator.output_names().size(), Nans(bars.size()));
  for (std::size_t i = 0; i < bars.size(); ++i) {
    indicator.Update(bars[i]);
    for (std::size_t o = 0; o < outputs.size(); ++o) outputs[o][i] = indicator.values()[o];
  }
  return outputs;
}

std::vector<Column> Independent(const IndicatorSpec& spec, Bars bars) {
  const std::string& name = spec.name;
  const std::vector<double>& p = spec.params;
  const std::size_t size = bars.size();
  const Column close = Field(bars, &model::Bar::close);
  const Column high = Field(bars, &model::Bar::high);
  const Column low = Field(bars, &model::Bar::low);
  const Column volume = Field(bars, &model::Bar::volume);
  const std::size_t n = p.empty() ? 0 : Size(p[0]);

  if (name == "sma") return {RollingMean(close, 0, n)};
  if (name == "wma") return {RollingWma(close, 0, n)};
  if (name == "ema") return {Ema(close, 0, n)};
  if (name == "volume_sma") return {RollingMean(volume, 0, n)};
  if (name == "dema" || name == "tema" || name == "trix") {
    const Column e1 = Ema(close, 0, n);
    const Column e2 = Ema(e1, n - 1, n);
    Column out = Nans(size);
    if (name == "dema") {
      for (std::size_t i = 2 * n - 2; i < size; ++i) out[i] = 2.0 * e1[i] - e2[i];
      return {out};
    }
    const Column e3 = Ema(e2, 2 * n - 2, n);
    if (name == "tema") {
      for (std::size_t i = 3 * n - 3; i < size; ++i) out[i] = 3.0 * e1[i] - 3.0 * e2[i] + e3[i];
      return {out};
    }
    for (std::size_t i = 3 * n - 2; i < size; ++i) {
      out[i] = e3[i - 1] != 0.0 ? 100.0 * (e3[i] / e3[i - 1] - 1.0) : 0.0;
    }
    return {out};
  }
  if (name == "hma") {
    const auto outer = static_cast<std::size_t>(std::floor(std::sqrt(static_cast<double>(n))));
    const Column half = RollingWma(close, 0, n / 2);
    const Column full = RollingWma(close, 0, n);
    Column diff = Nans(size);
    for (std::size_t i = n - 1; i < size; ++i) diff[i] = 2.0 * half[i] - full[i];
    return {RollingWma(diff, n - 1, outer)};
  }
  if (name == "macd") {
    const std::size_t fast = Size(p[0]);
    const std::size_t slow = Size(p[1]);
    const std::size_t signal = Size(p[2]);
    const Column slow_ema = Ema(close, 0, slow);
    const Column fast_ema = Ema(close, slow - fast, fast);
    Column macd = Nans(size);
    for (std::size_t i = slow - 1; i < size; ++i) macd[i] = fast_ema[i] - slow_ema[i];
    Column signal_ema = Ema(macd, slow - 1, signal);
    Column hist = Nans(size);
    for (std::size_t i = 0; i < size; ++i) hist[i] = macd[i] - signal_ema[i];
    std::vector<Column> outputs = {macd, signal_ema, hist};
    MaskBefore(outputs, slow + signal - 2);
    return outputs;
  }
  if (name == "rsi") {
    Column out = Nans(size);
    double gain = 0;
    double loss = 0;
    const double period = static_cast<double>(n);
    for (std::size_t i = 1; i < size; ++i) {
      const double change = close[i] - close[i - 1];
      const double up = change > 0 ? change : 0.0;
      const double down = change < 0 ? -change : 0.0;
      if (i < n) {
        gain += up;
        loss += down;
        continue;
      }
      if (i == n) {
        gain = (gain + up) / period;
        loss = (loss + down) / period;
      } else {
        gain = (gain * (period - 1.0) + up) / period;
        loss = (loss * (period - 1.0) + down) / period;
      }
      out[i] = !IsZero(gain + loss) ? 100.0 * (gain / (gain + loss)) : 0.0;
    }
    return {out};
  }
  if (name == "stoch") {
    const std::size_t fastk = Size(p[0]);
    const std::size_t slowk = Size(p[1]);
    const Column raw = RawFastK(bars, fastk);
    const Column k = RollingMean(raw, fastk - 1, slowk);
    const Column d = RollingMean(k, fastk + slowk - 2, Size(p[2]));
    std::vector<Column> outputs = {k, d};
    MaskBefore(outputs, fastk + slowk + Size(p[2]) - 3);
    return outputs;
  }
  if (name == "stochf") {
    const std::size_t fastk = Size(p[0]);
    const Column raw = RawFastK(bars, fastk);
    std::vector<Column> outputs = {raw, RollingMean(raw, fastk - 1, Size(p[1]))};
    MaskBefore(outputs, fastk + Size(p[1]) - 2);
    return outputs;
  }
  if (name == "cci") {
    const Column typical = Typical(bars);
    Column out = Nans(size);
    for (std::size_t i = n - 1; i < size; ++i) {
      double average = 0;
      for (std::size_t j = i + 1 - n; j <= i; ++j) average += typical[j];
      average /= static_cast<double>(n);
      double deviation = 0;
      for (std::size_t j = i + 1 - n; j <= i; ++j) deviation += std::fabs(typical[j] - average);
      deviation /= static_cast<double>(n);
      const double distance = typical[i] - average;
      out[i] = distance != 0.0 && deviation != 0.0 ? distance / (0.015 * deviation) : 0.0;
    }
    return {out};
  }
  if (name == "willr") {
    Column out = Nans(size);
    for (std::size_t i = n - 1; i < size; ++i) {
      const double highest = WindowExtreme<true>(high, i, n).value;
      const double diff = (highest - WindowExtreme<false>(low, i, n).value) / -100.0;
      out[i] = diff != 0.0 ? (highest - close[i]) / diff : 0.0;
    }
    return {out};
  }
  if (name == "mfi") {
    const Column typical = Typical(bars);
    Column out = Nans(size);
    for (std::size_t i = n; i < size; ++i) {
      double positive = 0;
      double negative = 0;
      for (std::size_t j = i + 1 - n; j <= i; ++j) {
        if (typical[j] > typical[j - 1]) positive += typical[j] * volume[j];
        if (typical[j] < typical[j - 1]) negative += typical[j] * volume[j];
      }
      const double total = positive + negative;
      out[i] = total < 1.0 ? 0.0 : 100.0 * (positive / total);
    }
    return {out};
  }
  if (name == "ultosc") {
    std::array<std::size_t, 3> periods = {Size(p[0]), Size(p[1]), Size(p[2])};
    std::ranges::sort(periods);
    constexpr std::array<double, 3> kWeights = {4.0, 2.0, 1.0};
    Column out = Nans(size);
    for (std::size_t i = periods[2]; i < size; ++i) {
      double total = 0;
      for (std::size_t w = 0; w < 3; ++w) {
        double buying = 0;
        double range = 0;
        for (std::size_t j = i + 1 - periods[w]; j <= i; ++j) {
          buying += close[j] - std::min(low[j], close[j - 1]);
          range += TrueRangeAt(bars, j);
        }
        if (!IsZero(range)) total += kWeights[w] * (buying / range);
      }
      out[i] = 100.0 * (total / 7.0);
    }
    return {out};
  }
  if (name == "mom" || name == "roc") {
    Column out = Nans(size);
    for (std::size_t i = n; i < size; ++i) {
      const double old = close[i - n];
      out[i] = name == "mom" ? close[i] - old : (old != 0.0 ? 100.0 * (close[i] / old - 1.0) : 0.0);
    }
    return {out};
  }
  if (name == "aroon") {
    Column down = Nans(size);
    Column up = Nans(size);
    for (std::size_t i = n; i < size; ++i) {
      const double factor = 100.0 / static_cast<double>(n);
      down[i] = factor * static_cast<double>(n - WindowExtreme<false>(low, i, n + 1).age);
      up[i] = factor * static_cast<double>(n - WindowExtreme<true>(high, i, n + 1).age);
    }
    return {down, up};
  }
  if (name == "atr") return {Atr(bars, n)};
  if (name == "natr") {
    Column out = Atr(bars, n);
    for (std::size_t i = n; i < size; ++i) {
      out[i] = !IsZero(close[i]) ? (out[i] / close[i]) * 100.0 : 0.0;
    }
    return {out};
  }
  if (name == "trange") {
    Column out = Nans(size);
    for (std::size_t i = 1; i < size; ++i) out[i] = TrueRangeAt(bars, i);
    return {out};
  }
  if (name == "stddev" || name == "bbands") {
    const double nbdev = name == "bbands" ? p[1] : 1.0;
    Column deviation = Nans(size);
    Column upper = Nans(size);
    Column middle = Nans(size);
    Column lower = Nans(size);
    for (std::size_t i = n - 1; i < size; ++i) {
      double mean = 0;
      deviation[i] = Deviation(close, i, n, &mean);
      upper[i] = mean + deviation[i] * nbdev;
      middle[i] = mean;
      lower[i] = mean - deviation[i] * nbdev;
    }
    if (name == "stddev") return {deviation};
    return {upper, middle, lower};
  }
  if (name == "linearreg") {
    Column out = Nans(size);
    const double x_mean = static_cast<double>(n - 1) / 2.0;
    for (std::size_t i = n - 1; i < size; ++i) {
      double y_mean = 0;
      for (std::size_t j = i + 1 - n; j <= i; ++j) y_mean += close[j];
      y_mean /= static_cast<double>(n);
      double covariance = 0;
      double variance = 0;
      for (std::size_t x = 0; x < n; ++x) {
        const double dx = static_cast<double>(x) - x_mean;
        covariance += dx * (close[i + 1 - n + x] - y_mean);
        variance += dx * dx;
      }
      out[i] = y_mean + (covariance / variance) * (static_cast<double>(n - 1) - x_mean);
    }
    return {out};
  }
  if (name == "midprice" || name == "high_low" || name == "donchian") {
    Column highest = Nans(size);
    Column lowest = Nans(size);
    Column mid = Nans(size);
    for (std::size_t i = n - 1; i < size; ++i) {
      highest[i] = WindowExtreme<true>(high, i, n).value;
      lowest[i] = WindowExtreme<false>(low, i, n).value;
      mid[i] = (highest[i] + lowest[i]) / 2.0;
    }
    if (name == "midprice") return {mid};
    if (name == "high_low") return {highest, lowest};
    return {highest, mid, lowest};
  }
  if (name == "obv") {
    Column out = Nans(size);
    double obv = 0;
    for (std::size_t i = 0; i < size; ++i) {
      if (i == 0) {
        obv = volume[0];
      } else if (close[i] > close[i - 1]) {
        obv += volume[i];
      } else if (close[i] < close[i - 1]) {
        obv -= volume[i];
      }
      out[i] = obv;
    }
    return {out};
  }
  if (name == "ad" || name == "adosc") {
    Column ad = Nans(size);
    double total = 0;
    for (std::size_t i = 0; i < size; ++i) {
      const double range = high[i] - low[i];
      if (range > 0.0) total += (((close[i] - low[i]) - (high[i] - close[i])) / range) * volume[i];
      ad[i] = total;
    }
    if (name == "ad") return {ad};
    // EMAs of the A/D line seeded with its first value (TA-Lib's ADOSC).
    const double fast_k = 2.0 / (p[0] + 1.0);
    const double slow_k = 2.0 / (p[1] + 1.0);
    Column out = Nans(size);
    double fast = 0;
    double slow = 0;
    for (std::size_t i = 0; i < size; ++i) {
      fast = i == 0 ? ad[0] : (fast_k * ad[i]) + ((1.0 - fast_k) * fast);
      slow = i == 0 ? ad[0] : (slow_k * ad[i]) + ((1.0 - slow_k) * slow);
      if (i + 1 >= std::max(Size(p[0]), Size(p[1]))) out[i] = fast - slow;
    }
    return {out};
  }
  if (name == "keltner") {
    const Column middle = Ema(close, 0, n);
    const Column atr = Atr(bars, n);
    Column upper = Nans(size);
    Column lower = Nans(size);
    for (std::size_t i = n; i < size; ++i) {
      upper[i] = middle[i] + p[1] * atr[i];
      lower[i] = middle[i] - p[1] * atr[i];
    }
    std::vector<Column> outputs = {upper, middle, lower};
    MaskBefore(outputs, n);
    return outputs;
  }
  if (name == "vwap") {
    Column out = Nans(size);
    double price_volume = 0;
    double total_volume = 0;
    const Column typical = Typical(bars);
    for (std::size_t i = 0; i < size; ++i) {
      price_volume += typical[i] * volume[i];
      total_volume += volume[i];
      out[i] = total_volume > 0 ? price_volume / total_volume : typical[i];
    }
    return {out};
  }
  if (name == "volume_ratio") {
    const Column average = RollingMean(volume, 0, n);
    Column out = Nans(size);
    for (std::size_t i = n; i < size; ++i) {
      out[i] = average[i - 1] > 0 ? volume[i] / average[i - 1] : 0.0;
    }
    return {out};
  }
  if (name == "pivot_points") {
    std::vector<Column> outputs(7, Nans(size));
    for (std::size_t i = 0; i < size; ++i) {
      const double h = high[i];
      const double l = low[i];
      const double pivot = (h + l + close[i]) / 3.0;
      const std::array<double, 7> levels = {
          pivot,           2.0 * pivot - l,       2.0 * pivot - h,      pivot + (h - l),
          pivot - (h - l), h + 2.0 * (pivot - l), l - 2.0 * (h - pivot)};
      for (std::size_t o = 0; o < 7; ++o) outputs[o][i] = levels[o];
    }
    return outputs;
  }
  if (name == "swing_high" || name == "swing_low") return Swing(bars, n, name == "swing_high");
  return {};
}

}  // namespace

bool HasIndependentBatchForm(std::string_view name) {
  return std::ranges::find(kStreamingOnly, name) == kStreamingOnly.end();
}

Result<IndicatorSeries> ComputeSeries(const IndicatorSpec& spec, std::span<const model::Bar> bars) {
  TD_ASSIGN_OR_RETURN(std::unique_ptr<Indicator> indicator, CreateIndicator(spec));
  IndicatorSeries series;
  for (const std::string_view output : indicator->output_names()) {
    series.output_names.push_back(output);
  }
  series.values =
      HasIndependentBatchForm(spec.name) ? Independent(spec, bars) : Streamed(*indicator, bars);
  if (series.values.size() != series.output_names.size()) {
    return Error::Internal("\"{}\": no batch form", spec.name);
  }
  return series;
}

}  // namespace tapedeck::indicators

// Compares every streaming indicator that TA-Lib also has with TA-Lib's own C
// code (third_party/talib: TA-Lib 0.6.0-dev as shipped in the npm package
// talib@2.0.5, fetched by scripts/setup), value by value and on the first
// ready bar: ready() must turn true exactly at TA-Lib's outBegIdx, and
// lookback() must be TA_X_Lookback() + 1. TA-Lib runs once over the whole
// series (startIdx 0), the indicator is fed the same bars one at a time.
//
// Series: every data/sample/*_1m_* and *_1d_* file, and seeded random 1-minute
// series with gaps (missing minutes with price jumps, flat bars, zero volume,
// prices on a cent grid so that ties happen), several parameter sets each.
//
// Indicators TA-Lib lacks but that are built from TA-Lib functions are
// checked against those functions, composed here: high_low and donchian (MAX,
// MIN), volume_sma (SMA of the volume), volume_ratio (volume / SMA of the
// previous n volumes), keltner (EMA ± multiplier · ATR) and hma (WMA of
// 2·WMA(n/2) − WMA(n) over floor(sqrt(n)) bars). pivot_points, swing_high,
// swing_low and vwap have no TA-Lib counterpart (hand_values_test.cpp and
// batch_test.cpp cover them).
//
// Tolerance: relative 1e-9 with an absolute floor of 1e-12 (values at or near
// zero), as golden_test.cpp. Most indicators agree to the last bit.
//
// Deliberate differences from TA-Lib, pinned below:
// - MACD: TA-Lib silently swaps fastperiod and slowperiod when fast > slow;
//   tapedeck rejects such a spec (a swapped config is almost surely a typo).
// - plus_di / minus_di: TA-Lib accepts period 1, tapedeck requires ≥ 2.
// - The zero test. This TA-Lib (0.6.0-dev, as vendored by npm talib) defines
//   TA_IS_ZERO / TA_IS_ZERO_OR_NEG with TA_EPSILON = 1e-14; TA-Lib 0.4.0 (the
//   release behind talib-web's goldens and most installs) and tapedeck use
//   1e-8. It shows in stddev and bbands: a window whose variance is rounding
//   noise in [1e-14, 1e-8) (a flat window: 645.6 twenty times) gives a
//   deviation of 0 in tapedeck and ~1e-5 here. The comparison accepts exactly
//   that case and counts it; everything else must match. (KAMA, RSI, ADX, DI,
//   ULTOSC and NATR use the same test but never hit the gap on these series.)
// - natr with period 1: TA_NATR returns TA_TRANGE unnormalized (no 100/close);
//   tapedeck returns 100 · ATR(1)/close, so the oracle there is TRANGE
//   normalized here.
// - trix with period 1: TA_TRIX asks TA_EMA_Lookback(1), which rejects period
//   1 (returns −1), and its output is garbage; tapedeck's EMA(1) is the
//   identity, so TRIX(1) is the 1-bar ROC, and the oracle there is TA_ROC(1).
// - bbands: TA-Lib accepts a negative nbdev, tapedeck requires ≥ 0.
// - MACD with signalperiod 1: TA_MACD documents it as valid, but it asks
//   TA_EMA_Lookback(1), which rejects period 1 and returns −1, and then copies
//   from one element before its buffer (AddressSanitizer: heap-buffer-overflow
//   in ta_MACD.c). tapedeck's macdsignal is then the MACD itself (an EMA of
//   period 1 is the identity), which is what TA_MACDEXT with EMAs gives; that
//   is the oracle for signalperiod 1.
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <ta_func.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "core/timestamp.hpp"
#include "indicators/registry.hpp"
#include "testkit/bars.hpp"
#include "testkit/sample_bars.hpp"

namespace tapedeck::indicators {
namespace {

// ---------------------------------------------------------------- series

struct Series {
  std::string name;
  std::vector<model::Bar> bars;
  std::vector<double> open, high, low, close, volume;

  void Fill() {
    for (const model::Bar& bar : bars) {
      open.push_back(bar.open);
      high.push_back(bar.high);
      low.push_back(bar.low);
      close.push_back(bar.close);
      volume.push_back(bar.volume);
    }
  }
  int end() const { return static_cast<int>(bars.size()) - 1; }
};

Series MakeSeries(std::string name, std::vector<model::Bar> bars) {
  Series series{std::move(name), std::move(bars), {}, {}, {}, {}, {}};
  series.Fill();
  return series;
}

std::vector<Series> SampleSeries() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry :
       std::filesystem::directory_iterator(testkit::SourceDir() / "data" / "sample")) {
    const std::string file = entry.path().filename().string();
    if (entry.path().extension() == ".csv" &&
        (file.find("_1m_") != std::string::npos || file.find("_1d_") != std::string::npos)) {
      paths.push_back(entry.path());
    }
  }
  std::ranges::sort(paths);
  std::vector<Series> series;
  for (const auto& path : paths) {
    series.push_back(MakeSeries(path.stem().string(), testkit::ReadSampleBars(path)));
  }
  return series;
}

Series RandomSeries(unsigned seed, double start_price, int bar_count) {
  return MakeSeries("random_seed" + std::to_string(seed),
                    testkit::RandomMinuteBars(seed, start_price, bar_count));
}

std::vector<Series> RandomSeriesSet() {
  return {RandomSeries(1, 170.0, 3000), RandomSeries(2, 4.5, 3000), RandomSeries(3, 1500.0, 2000)};
}

const std::vector<Series>& Samples() {
  static const std::vector<Series> series = SampleSeries();
  return series;
}
const std::vector<Series>& Randoms() {
  static const std::vector<Series> series = RandomSeriesSet();
  return series;
}

// ---------------------------------------------------------------- TA-Lib calls

struct TaOutput {
  TA_RetCode code = TA_SUCCESS;
  int lookback = 0;  // TA_X_Lookback().
  int begin = 0;     // outBegIdx.
  int count = 0;     // outNBElement.
  std::vector<std::vector<double>> outputs;
};

using TaOutputs = std::vector<double*>;
using TaRun = std::function<TA_RetCode(int end, int* begin, int* count, const TaOutputs& out)>;

// Runs a TA-Lib function over inputs of `size` values, startIdx 0.
TaOutput CallOver(std::size_t size, std::size_t outputs, int lookback, const TaRun& run) {
  TaOutput result;
  result.lookback = lookback;
  result.outputs.assign(outputs, std::vector<double>(size + 1, 0.0));
  TaOutputs pointers;
  for (auto& output : result.outputs) pointers.push_back(output.data());
  result.code = run(static_cast<int>(size) - 1, &result.begin, &result.count, pointers);
  return result;
}

TaOutput Call(const Series& s, std::size_t outputs, int lookback, const TaRun& run) {
  return CallOver(s.bars.size(), outputs, lookback, run);
}

// Shifts a TA-Lib output (value k belongs to bar begin + k) to one value per
// bar, NaN before begin.
std::vector<double> PerBar(const TaOutput& out, std::size_t output, std::size_t size) {
  std::vector<double> values(size, kNaN);
  for (int k = 0; k < out.count; ++k) {
    values[static_cast<std::size_t>(out.begin + k)] =
        out.outputs[output][static_cast<std::size_t>(k)];
  }
  return values;
}

TaOutput FromPerBar(std::vector<std::vector<double>> per_bar, int lookback) {
  TaOutput result;
  result.lookback = lookback;
  const std::size_t size = per_bar.front().size();
  std::size_t begin = 0;
  while (begin < size && std::isnan(per_bar.front()[begin])) ++begin;
  result.begin = static_cast<int>(begin);
  result.count = static_cast<int>(size - begin);
  for (auto& values : per_bar) {
    values.erase(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(begin));
    result.outputs.push_back(std::move(values));
  }
  return result;
}

using Params = std::vector<double>;

int I(double v) { return static_cast<int>(v); }

struct OracleDef {
  std::string name;
  std::vector<std::string_view> outputs;  // TA-Lib's output order, lower case.
  std::vector<Params> param_sets;         // Defaults first.
  std::function<TaOutput(const Series&, const Params&)> run;
  // Compare with 1e-9 of the bar's close as well as of the value: for outputs
  // that are differences of price-sized terms (hma at a 7:1 split).
  bool price_scaled = false;
  // The TA_IS_ZERO difference of stddev and bbands (see the file comment):
  // tapedeck reports no deviation where TA-Lib's deviation is below 1e-4.
  bool zero_test_gap = false;
};

// One TA-Lib function of the close with one period.
template <typename Fn, typename LookbackFn>
OracleDef CloseByPeriod(std::string name, std::vector<Params> param_sets, Fn fn,
                        LookbackFn lookback) {
  return {name, {}, std::move(param_sets), [fn, lookback](const Series& s, const Params& p) {
            const int n = I(p[0]);
            return Call(s, 1, lookback(n), [&](int end, int* b, int* c, const TaOutputs& o) {
              return fn(0, end, s.close.data(), n, b, c, o[0]);
            });
          }};
}

// One TA-Lib function of high, low, close with one period.
template <typename Fn, typename LookbackFn>
OracleDef HlcByPeriod(std::string name, std::vector<Params> param_sets, Fn fn,
                      LookbackFn lookback) {
  return {name, {}, std::move(param_sets), [fn, lookback](const Series& s, const Params& p) {
            const int n = I(p[0]);
            return Call(s, 1, lookback(n), [&](int end, int* b, int* c, const TaOutputs& o) {
              return fn(0, end, s.high.data(), s.low.data(), s.close.data(), n, b, c, o[0]);
            });
          }};
}

std::vector<OracleDef> OracleDefs() {
  std::vector<OracleDef> defs = {
      CloseByPeriod("sma", {{20}, {2}, {50}}, TA_SMA, TA_SMA_Lookback),
      CloseByPeriod("ema", {{20}, {2}, {9}, {50}}, TA_EMA, TA_EMA_Lookback),
      CloseByPeriod("wma", {{20}, {2}, {7}}, TA_WMA, TA_WMA_Lookback),
      CloseByPeriod("dema", {{20}, {2}, {30}}, TA_DEMA, TA_DEMA_Lookback),
      CloseByPeriod("tema", {{20}, {2}, {30}}, TA_TEMA, TA_TEMA_Lookback),
      CloseByPeriod("kama", {{30}, {2}, {10}}, TA_KAMA, TA_KAMA_Lookback),
      CloseByPeriod("trix", {{30}, {2}, {15}}, TA_TRIX, TA_TRIX_Lookback),
      // TRIX(1) is the 1-bar ROC; TA_TRIX(1) is broken (see the file comment).
      CloseByPeriod("trix", {{1}}, TA_ROC, TA_ROC_Lookback),
      CloseByPeriod("rsi", {{14}, {2}, {30}}, TA_RSI, TA_RSI_Lookback),
      CloseByPeriod("mom", {{10}, {1}, {25}}, TA_MOM, TA_MOM_Lookback),
      CloseByPeriod("roc", {{10}, {1}, {25}}, TA_ROC, TA_ROC_Lookback),
      CloseByPeriod("linearreg", {{14}, {2}, {50}}, TA_LINEARREG, TA_LINEARREG_Lookback),
      HlcByPeriod("cci", {{14}, {2}, {20}}, TA_CCI, TA_CCI_Lookback),
      HlcByPeriod("willr", {{14}, {2}, {30}}, TA_WILLR, TA_WILLR_Lookback),
      HlcByPeriod("adx", {{14}, {2}, {28}}, TA_ADX, TA_ADX_Lookback),
      HlcByPeriod("plus_di", {{14}, {2}, {28}}, TA_PLUS_DI, TA_PLUS_DI_Lookback),
      HlcByPeriod("minus_di", {{14}, {2}, {28}}, TA_MINUS_DI, TA_MINUS_DI_Lookback),
      HlcByPeriod("atr", {{14}, {1}, {2}, {30}}, TA_ATR, TA_ATR_Lookback),
      HlcByPeriod("natr", {{14}, {2}, {30}}, TA_NATR, TA_NATR_Lookback),
      {"natr",
       {},
       {{1}},
       [](const Series& s, const Params&) {
         // TA_NATR(1) is TA_TRANGE, unnormalized (see the file comment).
         TaOutput out =
             Call(s, 1, TA_NATR_Lookback(1), [&](int end, int* b, int* c, const TaOutputs& o) {
               return TA_TRANGE(0, end, s.high.data(), s.low.data(), s.close.data(), b, c, o[0]);
             });
         for (int k = 0; k < out.count; ++k) {
           const double close = s.close[static_cast<std::size_t>(out.begin + k)];
           double& value = out.outputs[0][static_cast<std::size_t>(k)];
           value = !(-1e-8 < close && close < 1e-8) ? (value / close) * 100.0 : 0.0;
         }
         return out;
       }},
      {"macd",
       {"macd", "macdsignal", "macdhist"},
       {{12, 26, 9}, {2, 3, 2}, {5, 35, 5}, {10, 10, 3}, {12, 26, 1}, {2, 3, 1}},
       [](const Series& s, const Params& p) {
         if (p[2] == 1) {
           // TA_MACD misbehaves for signalperiod 1 (see the file comment);
           // TA_MACDEXT with three EMAs is the same study and handles it.
           const int lookback = TA_MACDEXT_Lookback(I(p[0]), TA_MAType_EMA, I(p[1]), TA_MAType_EMA,
                                                    1, TA_MAType_EMA);
           return Call(s, 3, lookback, [&](int end, int* b, int* c, const TaOutputs& o) {
             return TA_MACDEXT(0, end, s.close.data(), I(p[0]), TA_MAType_EMA, I(p[1]),
                               TA_MAType_EMA, 1, TA_MAType_EMA, b, c, o[0], o[1], o[2]);
           });
         }
         return Call(s, 3, TA_MACD_Lookback(I(p[0]), I(p[1]), I(p[2])),
                     [&](int end, int* b, int* c, const TaOutputs& o) {
                       return TA_MACD(0, end, s.close.data(), I(p[0]), I(p[1]), I(p[2]), b, c, o[0],
                                      o[1], o[2]);
                     });
       }},
      {"stoch",
       {"slowk", "slowd"},
       {{5, 3, 3}, {14, 3, 3}, {1, 1, 1}, {9, 1, 5}},
       [](const Series& s, const Params& p) {
         return Call(
             s, 2, TA_STOCH_Lookback(I(p[0]), I(p[1]), TA_MAType_SMA, I(p[2]), TA_MAType_SMA),
             [&](int end, int* b, int* c, const TaOutputs& o) {
               return TA_STOCH(0, end, s.high.data(), s.low.data(), s.close.data(), I(p[0]),
                               I(p[1]), TA_MAType_SMA, I(p[2]), TA_MAType_SMA, b, c, o[0], o[1]);
             });
       }},
      {"stochf",
       {"fastk", "fastd"},
       {{5, 3}, {14, 3}, {1, 1}, {9, 4}},
       [](const Series& s, const Params& p) {
         return Call(s, 2, TA_STOCHF_Lookback(I(p[0]), I(p[1]), TA_MAType_SMA),
                     [&](int end, int* b, int* c, const TaOutputs& o) {
                       return TA_STOCHF(0, end, s.high.data(), s.low.data(), s.close.data(),
                                        I(p[0]), I(p[1]), TA_MAType_SMA, b, c, o[0], o[1]);
                     });
       }},
      {"aroon",
       {"aroondown", "aroonup"},
       {{14}, {2}, {25}},
       [](const Series& s, const Params& p) {
         return Call(
             s, 2, TA_AROON_Lookback(I(p[0])), [&](int end, int* b, int* c, const TaOutputs& o) {
               return TA_AROON(0, end, s.high.data(), s.low.data(), I(p[0]), b, c, o[0], o[1]);
             });
       }},
      {"mfi",
       {},
       {{14}, {2}, {30}},
       [](const Series& s, const Params& p) {
         return Call(s, 1, TA_MFI_Lookback(I(p[0])),
                     [&](int end, int* b, int* c, const TaOutputs& o) {
                       return TA_MFI(0, end, s.high.data(), s.low.data(), s.close.data(),
                                     s.volume.data(), I(p[0]), b, c, o[0]);
                     });
       }},
      {"ultosc",
       {},
       {{7, 14, 28}, {1, 2, 3}, {20, 5, 10}},
       [](const Series& s, const Params& p) {
         return Call(s, 1, TA_ULTOSC_Lookback(I(p[0]), I(p[1]), I(p[2])),
                     [&](int end, int* b, int* c, const TaOutputs& o) {
                       return TA_ULTOSC(0, end, s.high.data(), s.low.data(), s.close.data(),
                                        I(p[0]), I(p[1]), I(p[2]), b, c, o[0]);
                     });
       }},
      {"sar",
       {},
       // {0.3, 0.2}: an acceleration above the maximum is capped to it, as TA-Lib does.
       {{0.02, 0.2}, {0.01, 0.1}, {0.05, 0.5}, {0.3, 0.2}, {0, 0.2}},
       [](const Series& s, const Params& p) {
         return Call(s, 1, TA_SAR_Lookback(p[0], p[1]),
                     [&](int end, int* b, int* c, const TaOutputs& o) {
                       return TA_SAR(0, end, s.high.data(), s.low.data(), p[0], p[1], b, c, o[0]);
                     });
       }},
      {"trange",
       {},
       {{}},
       [](const Series& s, const Params&) {
         return Call(s, 1, TA_TRANGE_Lookback(), [&](int end, int* b, int* c, const TaOutputs& o) {
           return TA_TRANGE(0, end, s.high.data(), s.low.data(), s.close.data(), b, c, o[0]);
         });
       }},
      {"bbands",
       {"upperband", "middleband", "lowerband"},
       {{20, 2}, {2, 1}, {10, 2.5}, {50, 0}},
       [](const Series& s, const Params& p) {
         return Call(s, 3, TA_BBANDS_Lookback(I(p[0]), p[1], p[1], TA_MAType_SMA),
                     [&](int end, int* b, int* c, const TaOutputs& o) {
                       return TA_BBANDS(0, end, s.close.data(), I(p[0]), p[1], p[1], TA_MAType_SMA,
                                        b, c, o[0], o[1], o[2]);
                     });
       }},
      {"stddev",
       {},
       {{20}, {2}, {50}},
       [](const Series& s, const Params& p) {
         return Call(s, 1, TA_STDDEV_Lookback(I(p[0]), 1.0),
                     [&](int end, int* b, int* c, const TaOutputs& o) {
                       return TA_STDDEV(0, end, s.close.data(), I(p[0]), 1.0, b, c, o[0]);
                     });
       }},
      {"midprice",
       {},
       {{14}, {2}, {30}},
       [](const Series& s, const Params& p) {
         return Call(s, 1, TA_MIDPRICE_Lookback(I(p[0])),
                     [&](int end, int* b, int* c, const TaOutputs& o) {
                       return TA_MIDPRICE(0, end, s.high.data(), s.low.data(), I(p[0]), b, c, o[0]);
                     });
       }},
      {"obv",
       {},
       {{}},
       [](const Series& s, const Params&) {
         return Call(s, 1, TA_OBV_Lookback(), [&](int end, int* b, int* c, const TaOutputs& o) {
           return TA_OBV(0, end, s.close.data(), s.volume.data(), b, c, o[0]);
         });
       }},
      {"ad",
       {},
       {{}},
       [](const Series& s, const Params&) {
         return Call(s, 1, TA_AD_Lookback(), [&](int end, int* b, int* c, const TaOutputs& o) {
           return TA_AD(0, end, s.high.data(), s.low.data(), s.close.data(), s.volume.data(), b, c,
                        o[0]);
         });
       }},
      {"adosc",
       {},
       {{3, 10}, {2, 2}, {10, 3}, {5, 21}},
       [](const Series& s, const Params& p) {
         return Call(s, 1, TA_ADOSC_Lookback(I(p[0]), I(p[1])),
                     [&](int end, int* b, int* c, const TaOutputs& o) {
                       return TA_ADOSC(0, end, s.high.data(), s.low.data(), s.close.data(),
                                       s.volume.data(), I(p[0]), I(p[1]), b, c, o[0]);
                     });
       }},
  };
  return defs;
}

// ---------------------------------------------------------------- compositions

using TaOneInput = TA_RetCode (*)(int, int, const double*, int, int*, int*, double*);

// One value per input (NaN before TA-Lib's first output) of a one-input,
// one-period TA-Lib function.
std::vector<double> TaPerBar1(const std::vector<double>& input, int n, TaOneInput fn,
                              int lookback) {
  const TaOutput out =
      CallOver(input.size(), 1, lookback, [&](int end, int* b, int* c, const TaOutputs& o) {
        return fn(0, end, input.data(), n, b, c, o[0]);
      });
  EXPECT_EQ(out.code, TA_SUCCESS);
  return PerBar(out, 0, input.size());
}

// TA_WMA from the first non-NaN input on; period 1 is the identity, as in
// tapedeck's WmaState (TA_WMA requires period ≥ 2).
std::vector<double> WmaPerBar(const std::vector<double>& input, int n) {
  if (n == 1) return input;
  std::size_t first = 0;
  while (first < input.size() && std::isnan(input[first])) ++first;
  const std::vector<double> tail(input.begin() + static_cast<std::ptrdiff_t>(first), input.end());
  const std::vector<double> values = TaPerBar1(tail, n, TA_WMA, TA_WMA_Lookback(n));
  std::vector<double> result(first, kNaN);
  result.insert(result.end(), values.begin(), values.end());
  return result;
}

std::vector<OracleDef> CompositeDefs() {
  return {
      {"high_low",
       {"high", "low"},
       {{20}, {2}, {60}},
       [](const Series& s, const Params& p) {
         const int n = I(p[0]);
         return FromPerBar({TaPerBar1(s.high, n, TA_MAX, TA_MAX_Lookback(n)),
                            TaPerBar1(s.low, n, TA_MIN, TA_MIN_Lookback(n))},
                           TA_MAX_Lookback(n));
       }},
      {"donchian",
       {"upperband", "middleband", "lowerband"},
       {{20}, {2}, {55}},
       [](const Series& s, const Params& p) {
         const int n = I(p[0]);
         std::vector<double> upper = TaPerBar1(s.high, n, TA_MAX, TA_MAX_Lookback(n));
         std::vector<double> lower = TaPerBar1(s.low, n, TA_MIN, TA_MIN_Lookback(n));
         std::vector<double> middle(upper.size());
         for (std::size_t i = 0; i < upper.size(); ++i) middle[i] = (upper[i] + lower[i]) / 2.0;
         return FromPerBar({upper, middle, lower}, TA_MAX_Lookback(n));
       }},
      {"volume_sma",
       {},
       {{20}, {2}, {50}},
       [](const Series& s, const Params& p) {
         const int n = I(p[0]);
         return FromPerBar({TaPerBar1(s.volume, n, TA_SMA, TA_SMA_Lookback(n))},
                           TA_SMA_Lookback(n));
       }},
      {"volume_ratio",
       {},
       {{20}, {2}, {50}},
       [](const Series& s, const Params& p) {
         const int n = I(p[0]);
         const std::vector<double> average = TaPerBar1(s.volume, n, TA_SMA, TA_SMA_Lookback(n));
         std::vector<double> ratio(average.size(), kNaN);
         for (std::size_t i = 1; i < ratio.size(); ++i) {
           if (std::isnan(average[i - 1])) continue;
           ratio[i] = average[i - 1] > 0 ? s.volume[i] / average[i - 1] : 0.0;
         }
         return FromPerBar({ratio}, TA_SMA_Lookback(n) + 1);
       }},
      {"keltner",
       {"upperband", "middleband", "lowerband"},
       {{20, 2}, {2, 1}, {10, 1.5}},
       [](const Series& s, const Params& p) {
         const int n = I(p[0]);
         const std::vector<double> ema = TaPerBar1(s.close, n, TA_EMA, TA_EMA_Lookback(n));
         const TaOutput atr_out =
             Call(s, 1, TA_ATR_Lookback(n), [&](int end, int* b, int* c, const TaOutputs& o) {
               return TA_ATR(0, end, s.high.data(), s.low.data(), s.close.data(), n, b, c, o[0]);
             });
         const std::vector<double> atr = PerBar(atr_out, 0, s.bars.size());
         std::vector<double> upper(ema.size(), kNaN), middle(ema.size(), kNaN),
             lower(ema.size(), kNaN);
         for (std::size_t i = 0; i < ema.size(); ++i) {
           if (std::isnan(atr[i]) || std::isnan(ema[i])) continue;
           middle[i] = ema[i];
           upper[i] = ema[i] + p[1] * atr[i];
           lower[i] = ema[i] - p[1] * atr[i];
         }
         return FromPerBar({upper, middle, lower},
                           std::max(TA_EMA_Lookback(n), TA_ATR_Lookback(n)));
       }},
      {"hma",
       {},
       {{20}, {2}, {3}, {9}, {16}},
       [](const Series& s, const Params& p) {
         const int n = I(p[0]);
         const int half = n / 2;
         const int outer = static_cast<int>(std::floor(std::sqrt(static_cast<double>(n))));
         const std::vector<double> wma_half = WmaPerBar(s.close, half);
         const std::vector<double> wma_full = WmaPerBar(s.close, n);
         std::vector<double> diff(wma_full.size(), kNaN);
         for (std::size_t i = 0; i < diff.size(); ++i) {
           if (!std::isnan(wma_full[i])) diff[i] = 2.0 * wma_half[i] - wma_full[i];
         }
         return FromPerBar({WmaPerBar(diff, outer)}, n - 1 + outer - 1);
       }},
  };
}

// ---------------------------------------------------------------- comparison

bool Close(double actual, double expected, double scale = 0) {
  return std::fabs(actual - expected) <=
         std::max(1e-9 * std::max(std::fabs(expected), scale), 1e-12);
}

// The one accepted difference of stddev and bbands: TA-Lib's deviation is in
// the gap between its zero test (variance < 1e-14) and tapedeck's (< 1e-8),
// so tapedeck reports exactly 0 and TA-Lib less than sqrt(1e-8) = 1e-4.
bool ZeroTestGap(const OracleDef& def, const Params& params, std::span<const double> actual,
                 const std::vector<double>& expected) {
  if (def.name == "stddev") return actual[0] == 0.0 && expected[0] < 1e-4;
  const double nbdev = params[1];
  const double width = expected[0] - expected[1];
  return actual[0] == actual[1] && actual[2] == actual[1] && Close(actual[1], expected[1]) &&
         width >= 0 && width < nbdev * 1e-4 + 1e-12;
}

struct OracleCase {
  const OracleDef* def = nullptr;
  Params params;
  bool composite = false;
};

void PrintTo(const OracleCase& c, std::ostream* out) {
  *out << IndicatorKey({c.def->name, c.params, model::Interval::Minutes(1)});
}

const std::vector<OracleDef>& AllDefs() {
  static const std::vector<OracleDef> defs = [] {
    std::vector<OracleDef> all = OracleDefs();
    for (OracleDef& def : CompositeDefs()) all.push_back(std::move(def));
    for (OracleDef& def : all) {
      if (def.outputs.empty()) def.outputs.push_back(def.name);
      def.price_scaled = def.name == "hma";
      def.zero_test_gap = def.name == "stddev" || def.name == "bbands";
    }
    return all;
  }();
  return defs;
}

std::vector<OracleCase> AllCases() {
  std::vector<OracleCase> cases;
  const std::size_t direct = OracleDefs().size();
  for (std::size_t i = 0; i < AllDefs().size(); ++i) {
    for (const Params& params : AllDefs()[i].param_sets) {
      cases.push_back({&AllDefs()[i], params, i >= direct});
    }
  }
  return cases;
}

// Feeds `series` to a fresh indicator and compares it with TA-Lib bar by bar.
void CompareOnSeries(const OracleCase& c, const Series& series) {
  SCOPED_TRACE(series.name);
  const IndicatorSpec spec{c.def->name, c.params, model::Interval::Minutes(1)};
  Result<std::unique_ptr<Indicator>> created = CreateIndicator(spec);
  ASSERT_TRUE(created.ok()) << created.error().message();
  Indicator& indicator = **created;
  ASSERT_EQ(indicator.output_names().size(), c.def->outputs.size());
  for (std::size_t o = 0; o < c.def->outputs.size(); ++o) {
    ASSERT_EQ(indicator.output_names()[o], c.def->outputs[o]);
  }

  const TaOutput ta = c.def->run(series, c.params);
  ASSERT_EQ(ta.code, TA_SUCCESS);
  EXPECT_EQ(indicator.lookback(), ta.lookback + 1);
  if (ta.count > 0) {
    EXPECT_EQ(ta.begin, ta.lookback);
  }

  int ready_mismatches = 0;
  int value_mismatches = 0;
  int zero_test_gaps = 0;  // Accepted, see ZeroTestGap.
  int first_ready = -1;
  for (std::size_t i = 0; i < series.bars.size(); ++i) {
    indicator.Update(series.bars[i]);
    const int index = static_cast<int>(i);
    if (indicator.ready() && first_ready < 0) first_ready = index;
    const bool expected_ready = index >= ta.begin && index < ta.begin + ta.count;
    if (indicator.ready() != expected_ready) {
      if (++ready_mismatches <= 3) {
        ADD_FAILURE() << "bar " << i << ": ready() " << indicator.ready() << ", TA-Lib has "
                      << (expected_ready ? "a value" : "no value");
      }
      continue;
    }
    if (!expected_ready) {
      for (const double v : indicator.values()) EXPECT_TRUE(std::isnan(v)) << "bar " << i;
      continue;
    }
    const auto k = static_cast<std::size_t>(index - ta.begin);
    std::vector<double> row;
    for (const auto& output : ta.outputs) row.push_back(output[k]);
    const double scale = c.def->price_scaled ? std::fabs(series.close[i]) : 0.0;
    bool all_close = true;
    for (std::size_t o = 0; o < row.size(); ++o) {
      all_close = all_close && Close(indicator.values()[o], row[o], scale);
    }
    if (!all_close && c.def->zero_test_gap &&
        ZeroTestGap(*c.def, c.params, indicator.values(), row)) {
      ++zero_test_gaps;
      continue;
    }
    for (std::size_t o = 0; o < row.size(); ++o) {
      const double expected = row[o];
      const double actual = indicator.values()[o];
      if (!Close(actual, expected, scale) && ++value_mismatches <= 5) {
        ADD_FAILURE() << c.def->outputs[o] << " bar " << i << ": got " << fmt::format("{}", actual)
                      << ", TA-Lib " << fmt::format("{}", expected);
      }
    }
  }
  EXPECT_EQ(ready_mismatches, 0);
  EXPECT_EQ(value_mismatches, 0);
  if (zero_test_gaps > 0) {
    testing::Test::RecordProperty(series.name + "_zero_test_gaps", zero_test_gaps);
  }
  if (ta.count > 0) {
    EXPECT_EQ(first_ready, ta.begin);
    EXPECT_EQ(first_ready + 1, indicator.lookback());
  }
}

class TaLibOracleTest : public testing::TestWithParam<OracleCase> {
 protected:
  static void SetUpTestSuite() { ASSERT_EQ(TA_Initialize(), TA_SUCCESS); }
};

TEST_P(TaLibOracleTest, MatchesTaLibOnEverySampleFile) {
  ASSERT_GE(Samples().size(), 9u);
  for (const Series& series : Samples()) CompareOnSeries(GetParam(), series);
}

TEST_P(TaLibOracleTest, MatchesTaLibOnRandomSeriesWithGaps) {
  for (const Series& series : Randoms()) CompareOnSeries(GetParam(), series);
}

std::string CaseName(const testing::TestParamInfo<OracleCase>& info) {
  std::string name =
      IndicatorKey({info.param.def->name, info.param.params, model::Interval::Minutes(1)});
  for (char& c : name) {
    if (c == '.') c = 'p';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(TaLib, TaLibOracleTest, testing::ValuesIn(AllCases()), CaseName);

// ---------------------------------------------------------------- coverage and differences

TEST(TaLibOracleCoverageTest, EveryRegisteredIndicatorIsCheckedOrListedAsNotInTaLib) {
  const std::vector<std::string_view> not_in_talib = {"pivot_points", "swing_high", "swing_low",
                                                      "vwap"};
  for (const std::string_view name : IndicatorNames()) {
    const bool checked =
        std::ranges::any_of(AllDefs(), [&](const OracleDef& d) { return d.name == name; });
    const bool listed = std::ranges::find(not_in_talib, name) != not_in_talib.end();
    EXPECT_TRUE(checked != listed) << name;
  }
}

TEST(TaLibOracleCoverageTest, EveryCheckedParameterSetIsValidAndStartsWithTheDefaults) {
  for (const OracleDef& def : AllDefs()) {
    // Indicators whose period is required (sma …) have no default: the
    // first set then fills the period, and the other parameters are defaults.
    Result<IndicatorSpec> defaults =
        ParseIndicatorSpec(def.name, 0, {}, model::Interval::Minutes(1));
    if (!defaults.ok()) {
      defaults =
          ParseIndicatorSpec(def.name, def.param_sets.front()[0], {}, model::Interval::Minutes(1));
    }
    ASSERT_TRUE(defaults.ok()) << def.name << ": " << defaults.error().message();
    EXPECT_EQ(defaults->params, def.param_sets.front()) << def.name;
  }
}

TEST(TaLibDifferenceTest, MacdRejectsFastAboveSlowWhereTaLibSwapsThem) {
  ASSERT_EQ(TA_Initialize(), TA_SUCCESS);
  const Series& series = Samples().front();
  const auto run = [&](int fast, int slow) {
    return Call(series, 3, TA_MACD_Lookback(fast, slow, 9),
                [&](int end, int* b, int* c, const TaOutputs& o) {
                  return TA_MACD(0, end, series.close.data(), fast, slow, 9, b, c, o[0], o[1],
                                 o[2]);
                });
  };
  const TaOutput swapped = run(26, 12);
  const TaOutput ordered = run(12, 26);

  const Result<IndicatorSpec> spec = ParseIndicatorSpec(
      "macd", 0, {{"fastperiod", 26}, {"slowperiod", 12}}, model::Interval::Minutes(1));

  EXPECT_EQ(swapped.code, TA_SUCCESS);
  EXPECT_EQ(swapped.begin, ordered.begin);
  EXPECT_EQ(swapped.outputs, ordered.outputs);
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().message(), "\"macd\": fastperiod (26) must not exceed slowperiod (12)");
}

TEST(TaLibDifferenceTest, DirectionalIndicatorsRejectPeriodOneWhichTaLibAccepts) {
  ASSERT_EQ(TA_Initialize(), TA_SUCCESS);
  const Series& series = Samples().front();
  for (const std::string_view name : {"plus_di", "minus_di"}) {
    const OracleDef& def = *std::ranges::find(AllDefs(), name, &OracleDef::name);
    const TaOutput ta = def.run(series, {1});
    const Result<IndicatorSpec> spec = ParseIndicatorSpec(name, 1, {}, model::Interval::Minutes(1));

    EXPECT_EQ(ta.code, TA_SUCCESS) << name;
    EXPECT_FALSE(spec.ok()) << name;
  }
}

TEST(TaLibDifferenceTest, BollingerBandsRejectANegativeDeviationWhichTaLibAccepts) {
  ASSERT_EQ(TA_Initialize(), TA_SUCCESS);
  const Series& series = Samples().front();
  const OracleDef& def = *std::ranges::find(AllDefs(), "bbands", &OracleDef::name);
  const TaOutput ta = def.run(series, {20, -2});
  const Result<IndicatorSpec> spec =
      ParseIndicatorSpec("bbands", 20, {{"nbdev", -2}}, model::Interval::Minutes(1));

  EXPECT_EQ(ta.code, TA_SUCCESS);
  EXPECT_FALSE(spec.ok());
}

TEST(TaLibDifferenceTest, NatrOfPeriodOneIsNormalizedWhereTaLibReturnsTheTrueRange) {
  ASSERT_EQ(TA_Initialize(), TA_SUCCESS);
  Series series;
  series.bars = {testkit::MakeBar({}, 100, 102, 99, 101, 10),
                 testkit::MakeBar({}, 101, 104, 100, 103, 10)};
  series.Fill();
  const TaOutput ta =
      Call(series, 1, TA_NATR_Lookback(1), [&](int end, int* b, int* c, const TaOutputs& o) {
        return TA_NATR(0, end, series.high.data(), series.low.data(), series.close.data(), 1, b, c,
                       o[0]);
      });
  Result<std::unique_ptr<Indicator>> natr =
      CreateIndicator({"natr", {1}, model::Interval::Minutes(1)});
  ASSERT_TRUE(natr.ok());
  for (const model::Bar& bar : series.bars) (*natr)->Update(bar);

  ASSERT_EQ(ta.count, 1);
  EXPECT_DOUBLE_EQ(ta.outputs[0][0], 4.0);  // The true range of the second bar.
  EXPECT_DOUBLE_EQ((*natr)->values()[0], 4.0 / 103.0 * 100.0);
}

TEST(TaLibDifferenceTest, StdDevOfAFlatWindowIsZeroWhereThisTaLibKeepsRoundingNoise) {
  ASSERT_EQ(TA_Initialize(), TA_SUCCESS);
  // AAPL 1m closes of 2014-06-05 10:20, 10:21, 10:34: the last window of two is flat.
  Series series;
  for (const double close : {645.48, 645.60, 645.60})
    series.bars.push_back(testkit::BarClosingAt(close));
  series.Fill();
  const TaOutput ta =
      Call(series, 1, TA_STDDEV_Lookback(2, 1.0), [&](int end, int* b, int* c, const TaOutputs& o) {
        return TA_STDDEV(0, end, series.close.data(), 2, 1.0, b, c, o[0]);
      });
  Result<std::unique_ptr<Indicator>> stddev =
      CreateIndicator({"stddev", {2}, model::Interval::Minutes(1)});
  ASSERT_TRUE(stddev.ok());
  for (const model::Bar& bar : series.bars) (*stddev)->Update(bar);

  ASSERT_EQ(ta.count, 2);
  // sqrt(Σx²/n − (Σx/n)²) after 645.48 left the running sums: rounding noise.
  EXPECT_GT(ta.outputs[0][1], 0.0);
  EXPECT_LT(ta.outputs[0][1], 1e-4);
  EXPECT_EQ((*stddev)->values()[0], 0.0);
}

}  // namespace
}  // namespace tapedeck::indicators

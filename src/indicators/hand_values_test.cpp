// Indicators that TA-Lib lacks, checked against values worked out by hand
// (the arithmetic is in the comments), plus TA-Lib conventions that are easy
// to state on tiny inputs.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "indicators/channels.hpp"
#include "indicators/moving_averages.hpp"
#include "indicators/pivot_points.hpp"
#include "indicators/swing_points.hpp"
#include "indicators/volatility.hpp"
#include "indicators/volume.hpp"
#include "testkit/bars.hpp"

namespace tapedeck::indicators {
namespace {

using testkit::BarClosingAt;

model::Bar Hlcv(double high, double low, double close, double volume = 100) {
  return testkit::MakeBar({}, close, high, low, close, volume);
}

// The staircase used below: bar i has high 11 + i, low 9 + i, close 10 + i.
std::vector<model::Bar> Staircase(int count) {
  std::vector<model::Bar> bars;
  for (int i = 0; i < count; ++i) bars.push_back(Hlcv(11.0 + i, 9.0 + i, 10.0 + i));
  return bars;
}

TEST(HullMovingAverageTest, FollowsALinearSeriesExactlyAfterItsLookback) {
  HullMovingAverage hma(/*period=*/4);  // half 2, full 4, outer floor(sqrt(4)) = 2.
  std::vector<bool> ready;
  for (double close : {1.0, 2.0, 3.0, 4.0, 5.0}) {
    hma.Update(BarClosingAt(close));
    ready.push_back(hma.ready());
  }
  // Bar 3: WMA2 = (3 + 2·4)/3 = 11/3, WMA4 = (1 + 2·2 + 3·3 + 4·4)/10 = 3, raw = 22/3 − 3 = 13/3.
  // Bar 4: WMA2 = (4 + 2·5)/3 = 14/3, WMA4 = (2 + 6 + 12 + 20)/10 = 4, raw = 28/3 − 4 = 16/3.
  // HMA = WMA2(raw) = (13/3 + 2·16/3)/3 = 5.
  EXPECT_EQ(hma.lookback(), 5);
  EXPECT_EQ(ready, (std::vector<bool>{false, false, false, false, true}));
  EXPECT_NEAR(hma.values()[0], 5.0, 1e-12);
}

TEST(KeltnerChannelsTest, BandsAreEmaPlusMinusMultipleOfAtr) {
  KeltnerChannels keltner(/*period=*/3, /*atr_multiplier=*/2.0);
  for (const model::Bar& bar : Staircase(4)) keltner.Update(bar);
  // EMA3: seed (10 + 11 + 12)/3 = 11 at bar 2; bar 3: (13 − 11)·0.5 + 11 = 12.
  // True ranges of bars 1..3: max(2, |12 − 10|, |10 − 10|) = 2 each, so ATR3 = 2.
  EXPECT_EQ(keltner.lookback(), 4);
  ASSERT_TRUE(keltner.ready());
  EXPECT_DOUBLE_EQ(keltner.values()[0], 16.0);  // 12 + 2·2
  EXPECT_DOUBLE_EQ(keltner.values()[1], 12.0);
  EXPECT_DOUBLE_EQ(keltner.values()[2], 8.0);  // 12 − 2·2
}

TEST(DonchianChannelsTest, TracksHighestHighAndLowestLowOfTheWindow) {
  DonchianChannels donchian(/*period=*/3);
  const std::vector<model::Bar> bars = Staircase(4);
  donchian.Update(bars[0]);
  donchian.Update(bars[1]);
  const bool ready_after_two = donchian.ready();
  donchian.Update(bars[2]);
  const std::vector<double> at_bar_two(donchian.values().begin(), donchian.values().end());
  donchian.Update(bars[3]);

  EXPECT_FALSE(ready_after_two);
  EXPECT_EQ(at_bar_two, (std::vector<double>{13, 11, 9}));  // highs 11..13, lows 9..11
  EXPECT_DOUBLE_EQ(donchian.values()[0], 14.0);             // highs 12..14
  EXPECT_DOUBLE_EQ(donchian.values()[1], 12.0);             // (14 + 10)/2
  EXPECT_DOUBLE_EQ(donchian.values()[2], 10.0);             // lows 10..12
}

TEST(HighLowTest, ReportsRollingExtremesIncludingTheCurrentBar) {
  HighLow high_low(/*period=*/2);
  for (const model::Bar& bar : {Hlcv(14, 9, 10), Hlcv(12, 11, 11), Hlcv(13, 10, 12)}) {
    high_low.Update(bar);
  }
  EXPECT_EQ(high_low.output_names()[0], "high");
  EXPECT_DOUBLE_EQ(high_low.values()[0], 13.0);  // max(12, 13): the 14 left the window.
  EXPECT_DOUBLE_EQ(high_low.values()[1], 10.0);  // min(11, 10)
}

TEST(VwapTest, WeighsTypicalPriceByVolumeUntilReset) {
  VolumeWeightedAveragePrice vwap;
  vwap.Update(Hlcv(11, 9, 10, 100));   // typical 10
  vwap.Update(Hlcv(12, 10, 11, 300));  // typical 11
  const double before_reset = vwap.values()[0];
  vwap.Reset();
  const bool ready_after_reset = vwap.ready();
  vwap.Update(Hlcv(13, 11, 12, 0));  // typical 12, no volume yet

  EXPECT_TRUE(vwap.session_anchored());
  EXPECT_DOUBLE_EQ(before_reset, 10.75);  // (10·100 + 11·300)/400
  EXPECT_FALSE(ready_after_reset);
  EXPECT_DOUBLE_EQ(vwap.values()[0], 12.0);
}

TEST(VolumeSmaTest, AveragesVolumeIncludingTheCurrentBar) {
  VolumeSma sma(/*period=*/2);
  sma.Update(Hlcv(1, 1, 1, 100));
  sma.Update(Hlcv(1, 1, 1, 300));
  const double first = sma.values()[0];
  sma.Update(Hlcv(1, 1, 1, 200));
  EXPECT_DOUBLE_EQ(first, 200.0);            // (100 + 300)/2
  EXPECT_DOUBLE_EQ(sma.values()[0], 250.0);  // (300 + 200)/2
}

TEST(VolumeRatioTest, DividesByTheAverageOfThePreviousBarsOnly) {
  VolumeRatio ratio(/*period=*/2);
  ratio.Update(Hlcv(1, 1, 1, 100));
  ratio.Update(Hlcv(1, 1, 1, 300));
  const bool ready_after_two = ratio.ready();
  ratio.Update(Hlcv(1, 1, 1, 200));
  const double first = ratio.values()[0];
  ratio.Update(Hlcv(1, 1, 1, 0));

  EXPECT_EQ(ratio.lookback(), 3);
  EXPECT_FALSE(ready_after_two);
  EXPECT_DOUBLE_EQ(first, 1.0);              // 200 / ((100 + 300)/2)
  EXPECT_DOUBLE_EQ(ratio.values()[0], 0.0);  // 0 / ((300 + 200)/2)
}

TEST(VolumeRatioTest, IsZeroWhenThePreviousAverageIsZero) {
  VolumeRatio ratio(/*period=*/1);
  ratio.Update(Hlcv(1, 1, 1, 0));
  ratio.Update(Hlcv(1, 1, 1, 500));
  EXPECT_DOUBLE_EQ(ratio.values()[0], 0.0);
}

TEST(SwingHighTest, IsReportedWhenConfirmedPeriodBarsLater) {
  SwingHigh swing(/*period=*/2);
  std::vector<bool> ready;
  for (double high : {1.0, 2.0, 5.0, 3.0, 2.0, 4.0}) {
    swing.Update(Hlcv(high, 0, 0));
    ready.push_back(swing.ready());
  }
  // Bar 2 (high 5) beats bars 0, 1 on its left and bars 3, 4 on its right: known at bar 4.
  EXPECT_EQ(swing.lookback(), 5);
  EXPECT_EQ(ready, (std::vector<bool>{false, false, false, false, true, true}));
  EXPECT_DOUBLE_EQ(swing.values()[0], 5.0);
  EXPECT_DOUBLE_EQ(swing.values()[1], 3.0);  // bars_ago at bar 5.
}

TEST(SwingHighTest, ATieOnEitherSideIsNotASwing) {
  SwingHigh swing(/*period=*/2);
  for (double high : {1.0, 2.0, 5.0, 5.0, 2.0, 1.0, 0.5}) swing.Update(Hlcv(high, 0, 0));
  EXPECT_FALSE(swing.ready());
}

TEST(SwingHighTest, KeepsTheLatestConfirmedSwing) {
  SwingHigh swing(/*period=*/1);
  // Swings at bar 1 (3 > 1, 2) and bar 3 (4 > 2, 1); the second is confirmed at bar 4.
  for (double high : {1.0, 3.0, 2.0, 4.0, 1.0}) swing.Update(Hlcv(high, 0, 0));
  EXPECT_DOUBLE_EQ(swing.values()[0], 4.0);
  EXPECT_DOUBLE_EQ(swing.values()[1], 1.0);
}

TEST(SwingLowTest, MirrorsSwingHighOnLows) {
  SwingLow swing(/*period=*/2);
  for (double low : {5.0, 4.0, 1.0, 3.0, 4.0}) swing.Update(Hlcv(10, low, 5));
  ASSERT_TRUE(swing.ready());
  EXPECT_EQ(swing.output_names()[0], "swing_low");
  EXPECT_DOUBLE_EQ(swing.values()[0], 1.0);
  EXPECT_DOUBLE_EQ(swing.values()[1], 2.0);
}

TEST(PivotPointsTest, ComputesClassicLevelsFromTheCompletedDailyBar) {
  PivotPoints pivots;
  pivots.Update(Hlcv(110, 100, 105));
  // P = (110 + 100 + 105)/3 = 105; range H − L = 10.
  const std::vector<double> expected = {
      105,  // pp
      110,  // r1 = 2·105 − 100
      100,  // s1 = 2·105 − 110
      115,  // r2 = 105 + 10
      95,   // s2 = 105 − 10
      120,  // r3 = 110 + 2·(105 − 100)
      90,   // s3 = 100 − 2·(110 − 105)
  };
  ASSERT_EQ(pivots.values().size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_DOUBLE_EQ(pivots.values()[i], expected[i]) << pivots.output_names()[i];
  }
}

TEST(SimpleMovingAverageTest, BecomesReadyOnItsThirdBar) {
  SimpleMovingAverage sma(/*period=*/3);
  sma.Update(BarClosingAt(10.0));
  sma.Update(BarClosingAt(11.0));
  const bool ready_after_two = sma.ready();
  const bool nan_before_ready = std::isnan(sma.values()[0]);
  sma.Update(BarClosingAt(12.0));

  EXPECT_FALSE(ready_after_two);
  EXPECT_TRUE(nan_before_ready);
  EXPECT_TRUE(sma.ready());
  EXPECT_DOUBLE_EQ(sma.values()[0], 11.0);
}

TEST(ExponentialMovingAverageTest, IsSeededWithTheSmaOfTheFirstPeriodCloses) {
  ExponentialMovingAverage ema(/*period=*/3);  // k = 2/4 = 0.5
  for (double close : {2.0, 4.0, 6.0, 10.0}) ema.Update(BarClosingAt(close));
  EXPECT_DOUBLE_EQ(ema.values()[0], 7.0);  // seed (2 + 4 + 6)/3 = 4; (10 − 4)·0.5 + 4
}

TEST(StandardDeviationTest, IsThePopulationDeviation) {
  StandardDeviation stddev(/*period=*/4);
  for (double close : {2.0, 4.0, 4.0, 6.0}) stddev.Update(BarClosingAt(close));
  // mean 4; squared deviations 4, 0, 0, 4; population variance 8/4 = 2.
  EXPECT_DOUBLE_EQ(stddev.values()[0], std::sqrt(2.0));
}

}  // namespace
}  // namespace tapedeck::indicators

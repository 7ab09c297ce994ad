#include "feed/live_bar_buffer.hpp"

#include <gtest/gtest.h>

namespace tapedeck::feed {
namespace {

using model::Bar;
using model::Symbol;
namespace chr = std::chrono;

const Timestamp kOpen = *ParseTimestamp("2013-10-08T13:30:00Z");

Bar MinuteBar(int minute, double close) {
  return Bar{kOpen + chr::minutes(minute), close, close + 1, close - 1, close, 100, 1};
}

IncomingBar Incoming(std::string_view symbol, Bar bar, BarOrigin origin = BarOrigin::kStream) {
  return IncomingBar{symbol, bar, origin};
}

std::vector<Bar> TakeOne(LiveBarBuffer& buffer, const Symbol& symbol, Timestamp now) {
  std::vector<Bar> bars;
  std::vector<Bar>* out[] = {&bars};
  buffer.Take(std::span<const Symbol>(&symbol, 1), now, out);
  return bars;
}

TEST(LiveBarBufferTest, KeepsBarsInOpenTimeOrderWhateverTheArrivalOrder) {
  clock::SimulatedClock clock(kOpen);
  LiveBarBuffer buffer(clock);
  const Symbol spy = *Symbol::Parse("SPY");

  buffer.Add(Incoming("SPY", MinuteBar(2, 10)));
  buffer.Add(Incoming("SPY", MinuteBar(0, 11)));
  buffer.Add(Incoming("SPY", MinuteBar(1, 12)));
  const std::vector<BufferedBar> held = buffer.Snapshot(spy);

  ASSERT_EQ(held.size(), 3U);
  EXPECT_EQ(held[0].bar, MinuteBar(0, 11));
  EXPECT_EQ(held[1].bar, MinuteBar(1, 12));
  EXPECT_EQ(held[2].bar, MinuteBar(2, 10));
}

TEST(LiveBarBufferTest, CountsAnEqualBarAsADuplicate) {
  clock::SimulatedClock clock(kOpen);
  LiveBarBuffer buffer(clock);

  const AddOutcome first = buffer.Add(Incoming("SPY", MinuteBar(0, 10)));
  const AddOutcome again = buffer.Add(Incoming("SPY", MinuteBar(0, 10)));
  const AddOutcome backfilled = buffer.Add(Incoming("SPY", MinuteBar(0, 10), BarOrigin::kBackfill));

  EXPECT_EQ(first, AddOutcome::kAdded);
  EXPECT_EQ(again, AddOutcome::kDuplicate);
  EXPECT_EQ(backfilled, AddOutcome::kDuplicate);
  EXPECT_EQ(buffer.status().bars, 1);
  EXPECT_EQ(buffer.status().duplicates, 2);
}

TEST(LiveBarBufferTest, ACorrectionBeforeTheSessionTakesTheBarReplacesIt) {
  clock::SimulatedClock clock(kOpen);
  LiveBarBuffer buffer(clock);
  const Symbol spy = *Symbol::Parse("SPY");
  buffer.Add(Incoming("SPY", MinuteBar(0, 10)));

  const AddOutcome outcome =
      buffer.Add(Incoming("SPY", MinuteBar(0, 10.5), BarOrigin::kCorrection));
  const std::vector<Bar> taken = TakeOne(buffer, spy, kOpen + chr::minutes(1));

  EXPECT_EQ(outcome, AddOutcome::kCorrected);
  ASSERT_EQ(taken.size(), 1U);
  EXPECT_EQ(taken[0], MinuteBar(0, 10.5));
  EXPECT_EQ(buffer.status().corrections, 1);
}

TEST(LiveBarBufferTest, ACorrectionAfterTheSessionTookTheBarIsOnlyRecorded) {
  clock::SimulatedClock clock(kOpen);
  LiveBarBuffer buffer(clock);
  const Symbol spy = *Symbol::Parse("SPY");
  buffer.Add(Incoming("SPY", MinuteBar(0, 10)));
  (void)TakeOne(buffer, spy, kOpen + chr::minutes(1));

  const AddOutcome outcome =
      buffer.Add(Incoming("SPY", MinuteBar(0, 10.5), BarOrigin::kCorrection));

  EXPECT_EQ(outcome, AddOutcome::kLateCorrection);
  EXPECT_EQ(buffer.Snapshot(spy).at(0).bar, MinuteBar(0, 10));
  ASSERT_EQ(buffer.late_corrections().size(), 1U);
  EXPECT_EQ(buffer.late_corrections()[0].taken, MinuteBar(0, 10));
  EXPECT_EQ(buffer.late_corrections()[0].corrected, MinuteBar(0, 10.5));
  EXPECT_EQ(buffer.status().late_corrections, 1);
}

TEST(LiveBarBufferTest, ABarOlderThanWhatTheSessionTookIsALateBar) {
  clock::SimulatedClock clock(kOpen);
  LiveBarBuffer buffer(clock);
  const Symbol spy = *Symbol::Parse("SPY");
  buffer.Add(Incoming("SPY", MinuteBar(1, 10)));
  (void)TakeOne(buffer, spy, kOpen + chr::minutes(2));

  const AddOutcome outcome = buffer.Add(Incoming("SPY", MinuteBar(0, 9)));
  const std::vector<Bar> next = TakeOne(buffer, spy, kOpen + chr::minutes(5));

  EXPECT_EQ(outcome, AddOutcome::kLateBar);
  EXPECT_TRUE(next.empty());
  EXPECT_EQ(buffer.status().late_bars, 1);
}

TEST(LiveBarBufferTest, TakeHandsOutCompletedBarsOnce) {
  clock::SimulatedClock clock(kOpen);
  LiveBarBuffer buffer(clock);
  const Symbol spy = *Symbol::Parse("SPY");
  for (int minute = 0; minute < 5; ++minute) buffer.Add(Incoming("SPY", MinuteBar(minute, 10)));

  const std::vector<Bar> first = TakeOne(buffer, spy, kOpen + chr::minutes(2));
  const std::vector<Bar> again = TakeOne(buffer, spy, kOpen + chr::minutes(2));
  const std::vector<Bar> rest = TakeOne(buffer, spy, kOpen + chr::minutes(10));

  ASSERT_EQ(first.size(), 2U);  // Opens 13:30 and 13:31 are complete at 13:32.
  EXPECT_TRUE(again.empty());
  ASSERT_EQ(rest.size(), 3U);
  EXPECT_EQ(rest[0].open_time, kOpen + chr::minutes(2));
}

TEST(LiveBarBufferTest, BarsServesCatchUpAndTakeContinuesAfterIt) {
  clock::SimulatedClock clock(kOpen);
  LiveBarBuffer buffer(clock);
  const Symbol spy = *Symbol::Parse("SPY");
  for (int minute = 0; minute < 5; ++minute) buffer.Add(Incoming("SPY", MinuteBar(minute, 10)));
  std::vector<Bar> catch_up;
  std::vector<Bar>* out[] = {&catch_up};

  const Status status = buffer.Bars(std::span<const Symbol>(&spy, 1), model::Interval::Minutes(1),
                                    kOpen, kOpen + chr::minutes(3), out);
  const std::vector<Bar> next = TakeOne(buffer, spy, kOpen + chr::minutes(10));

  ASSERT_TRUE(status.ok());
  EXPECT_EQ(catch_up.size(), 3U);
  ASSERT_EQ(next.size(), 2U);
  EXPECT_EQ(next[0].open_time, kOpen + chr::minutes(3));
}

TEST(LiveBarBufferTest, BarsRefusesAnotherInterval) {
  clock::SimulatedClock clock(kOpen);
  LiveBarBuffer buffer(clock);
  const Symbol spy = *Symbol::Parse("SPY");
  std::vector<Bar> bars;
  std::vector<Bar>* out[] = {&bars};

  const Status status = buffer.Bars(std::span<const Symbol>(&spy, 1), model::Interval::Minutes(5),
                                    kOpen, kOpen + chr::hours(1), out);

  EXPECT_FALSE(status.ok());
}

TEST(LiveBarBufferTest, NextOpenTimeFollowsTheLastHeldBar) {
  clock::SimulatedClock clock(kOpen);
  LiveBarBuffer buffer(clock);
  buffer.Add(Incoming("SPY", MinuteBar(4, 10)));

  EXPECT_EQ(buffer.NextOpenTime("SPY", kOpen), kOpen + chr::minutes(5));
  EXPECT_EQ(buffer.NextOpenTime("IBM", kOpen), kOpen);
}

TEST(LiveBarBufferTest, ASymbolIsReadyOnceABackfillOfItEnds) {
  clock::SimulatedClock clock(kOpen);
  LiveBarBuffer buffer(clock);
  const Symbol spy = *Symbol::Parse("SPY");
  const std::vector<std::string> names = {"SPY"};
  buffer.SetConnected(true);

  buffer.BeginBackfill(names);
  const bool ready_during = buffer.ready(spy);
  const bool caught_up_during = buffer.status().caught_up;
  buffer.EndBackfill(names, /*ok=*/true);

  EXPECT_FALSE(ready_during);
  EXPECT_FALSE(caught_up_during);
  EXPECT_TRUE(buffer.ready(spy));
  EXPECT_TRUE(buffer.status().caught_up);
}

TEST(LiveBarBufferTest, AFailedBackfillLeavesTheSymbolNotReady) {
  clock::SimulatedClock clock(kOpen);
  LiveBarBuffer buffer(clock);
  const std::vector<std::string> names = {"SPY"};

  buffer.BeginBackfill(names);
  buffer.EndBackfill(names, /*ok=*/false);

  EXPECT_FALSE(buffer.ready(*Symbol::Parse("SPY")));
}

// A connected buffer whose backfill landed, as a live session sees it.
void CatchUp(LiveBarBuffer& buffer, const std::vector<std::string>& names) {
  buffer.SetConnected(true);
  buffer.BeginBackfill(names);
  buffer.EndBackfill(names, /*ok=*/true);
}

const std::vector<Symbol> kSpyIbm = {*Symbol::Parse("SPY"), *Symbol::Parse("IBM")};

// Hand-worked: SPY's last bar opens 09:32 (completes 09:33), IBM's 09:31
// (completes 09:32). At 09:33:00.1 the session may go to the wall clock less
// the grace (09:32:55.1; no bar completes in between), not to 09:33: IBM's
// 09:32 bar may still come. At 09:33:05 IBM's grace is over.
TEST(LiveBarBufferTest, TheWallHorizonWaitsForTheSlowestSymbolUntilItsGraceEnds) {
  clock::SimulatedClock clock(kOpen + chr::minutes(3) + chr::milliseconds(100));
  LiveBarBuffer buffer(clock);
  CatchUp(buffer, {"SPY", "IBM"});
  for (int minute = 0; minute <= 2; ++minute) buffer.Add(Incoming("SPY", MinuteBar(minute, 10)));
  for (int minute = 0; minute <= 1; ++minute) buffer.Add(Incoming("IBM", MinuteBar(minute, 20)));
  const HorizonRule rule{.wall = true, .grace = chr::seconds(5)};

  EXPECT_EQ(buffer.Horizon(kSpyIbm, kOpen, rule),
            kOpen + chr::minutes(3) + chr::milliseconds(100) - chr::seconds(5));
  clock.AdvanceTo(kOpen + chr::minutes(3) + chr::seconds(5));  // IBM's 09:32 bar is 5 s late.
  EXPECT_EQ(buffer.Horizon(kSpyIbm, kOpen, rule), kOpen + chr::minutes(3));
  buffer.Add(Incoming("IBM", MinuteBar(2, 20)));
  EXPECT_EQ(buffer.Horizon(kSpyIbm, kOpen, rule), kOpen + chr::minutes(3));
}

TEST(LiveBarBufferTest, TheFeedHorizonPassesAQuietSymbolOnceTheFeedIsGraceAhead) {
  clock::SimulatedClock clock(kOpen);
  LiveBarBuffer buffer(clock);
  CatchUp(buffer, {"SPY", "IBM"});
  const HorizonRule rule{.wall = false, .grace = chr::minutes(2), .idle = chr::seconds(2)};
  buffer.Add(Incoming("IBM", MinuteBar(0, 20)));  // IBM then goes quiet.
  for (int minute = 0; minute <= 1; ++minute) buffer.Add(Incoming("SPY", MinuteBar(minute, 10)));
  EXPECT_EQ(buffer.Horizon(kSpyIbm, kOpen, rule), kOpen + chr::minutes(1));  // IBM's last.
  for (int minute = 2; minute <= 4; ++minute) buffer.Add(Incoming("SPY", MinuteBar(minute, 10)));
  // SPY's bars complete at 09:35; 2 minutes of grace: IBM holds back to 09:33.
  EXPECT_EQ(buffer.Horizon(kSpyIbm, kOpen, rule), kOpen + chr::minutes(3));
  // Nothing new for the idle time: the replay is done, go to the latest bar.
  clock.AdvanceTo(kOpen + chr::seconds(2));
  EXPECT_EQ(buffer.Horizon(kSpyIbm, kOpen, rule), kOpen + chr::minutes(5));
}

TEST(LiveBarBufferTest, TheHorizonHoldsBackAndNeverMovesBack) {
  clock::SimulatedClock clock(kOpen);
  LiveBarBuffer buffer(clock);
  CatchUp(buffer, {"SPY"});
  const std::vector<Symbol> spy = {*Symbol::Parse("SPY")};
  const HorizonRule held{.wall = false, .grace = chr::minutes(2), .hold = chr::minutes(2)};
  for (int minute = 0; minute <= 9; ++minute) buffer.Add(Incoming("SPY", MinuteBar(minute, 10)));
  EXPECT_EQ(buffer.Horizon(spy, kOpen, held), kOpen + chr::minutes(8));
  const HorizonRule more{.wall = false, .grace = chr::minutes(2), .hold = chr::minutes(5)};
  EXPECT_EQ(buffer.Horizon(spy, kOpen, more), kOpen + chr::minutes(8));
}

// While not caught up (reconnecting, or a backfill running) the horizon
// stays: the backfill may still bring earlier bars.
TEST(LiveBarBufferTest, TheHorizonStaysWhileABackfillRunsOrTheFeedIsDown) {
  clock::SimulatedClock clock(kOpen);
  LiveBarBuffer buffer(clock);
  const std::vector<Symbol> spy = {*Symbol::Parse("SPY")};
  const std::vector<std::string> names = {"SPY"};
  const HorizonRule rule{.wall = false, .grace = chr::minutes(2)};
  buffer.SetConnected(true);
  buffer.Add(Incoming("SPY", MinuteBar(0, 10)));
  EXPECT_EQ(buffer.Horizon(spy, kOpen, rule), Timestamp{});  // Connected, not backfilled yet.
  buffer.BeginBackfill(names);
  buffer.EndBackfill(names, /*ok=*/true);
  EXPECT_EQ(buffer.Horizon(spy, kOpen, rule), kOpen + chr::minutes(1));
  buffer.SetConnected(false);
  buffer.Add(Incoming("SPY", MinuteBar(3, 10)));
  EXPECT_EQ(buffer.Horizon(spy, kOpen, rule), kOpen + chr::minutes(1));
  buffer.SetConnected(true);  // Reconnected; the gap's backfill has not landed.
  EXPECT_EQ(buffer.Horizon(spy, kOpen, rule), kOpen + chr::minutes(1));
  buffer.BeginBackfill(names);
  buffer.Add(Incoming("SPY", MinuteBar(1, 10), BarOrigin::kBackfill));
  buffer.Add(Incoming("SPY", MinuteBar(2, 10), BarOrigin::kBackfill));
  buffer.EndBackfill(names, /*ok=*/true);
  EXPECT_EQ(buffer.Horizon(spy, kOpen, rule), kOpen + chr::minutes(4));
}

}  // namespace
}  // namespace tapedeck::feed

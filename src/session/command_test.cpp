#include "session/command.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "clock/clock.hpp"

namespace tapedeck::session {
namespace {

const Timestamp kStart = *ParseTimestamp("2013-10-10T13:30:00Z");

TEST(CommandQueueTest, SpinUntilReturnsAtOnceForAQueuedCommand) {
  clock::SimulatedClock clock(kStart);
  CommandQueue queue;
  auto ticket = queue.Submit(PauseCommand{});

  // The deadline is an hour away and the clock never moves: only the
  // command can end the spin.
  const bool has_commands = queue.SpinUntil(kStart + std::chrono::hours(1), clock);

  EXPECT_TRUE(has_commands);
  EXPECT_EQ(queue.TakeAll().size(), 1U);
}

TEST(CommandQueueTest, SpinUntilEndsWhenWokenFromAnotherThread) {
  clock::SimulatedClock clock(kStart);
  CommandQueue queue;

  std::thread feed([&queue] { queue.Wake(); });
  const bool has_commands = queue.SpinUntil(kStart + std::chrono::hours(1), clock);
  feed.join();

  EXPECT_FALSE(has_commands);
}

TEST(CommandQueueTest, SpinUntilEndsAtTheDeadlineAndConsumesTheWake) {
  clock::SimulatedClock clock(kStart);
  CommandQueue queue;
  queue.Wake();
  const bool first = queue.SpinUntil(kStart + std::chrono::hours(1), clock);
  clock.AdvanceTo(kStart + std::chrono::hours(1));

  // Nothing new since the wake the first spin took: the deadline ends this one.
  const bool second = queue.SpinUntil(kStart + std::chrono::hours(1), clock);

  EXPECT_FALSE(first);
  EXPECT_FALSE(second);
}

}  // namespace
}  // namespace tapedeck::session

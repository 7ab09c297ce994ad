#include "core/cpu_pin.hpp"

#include <gtest/gtest.h>
#include <pthread.h>

namespace tapedeck {
namespace {

cpu_set_t ThreadCpus() {
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  EXPECT_EQ(pthread_getaffinity_np(pthread_self(), sizeof(cpus), &cpus), 0);
  return cpus;
}

int FirstCpu(const cpu_set_t& cpus) {
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(static_cast<size_t>(cpu), &cpus)) return cpu;
  }
  return -1;
}

TEST(CpuPinTest, KeepsTheThreadOnOneCpuThenLetsItGoWhereItCouldBefore) {
  const cpu_set_t before = ThreadCpus();
  const int cpu = FirstCpu(before);

  cpu_set_t pinned;
  {
    Result<CpuPin> pin = CpuPin::Pin(cpu);
    ASSERT_TRUE(pin.ok()) << pin.error().message();
    pinned = ThreadCpus();
  }
  const cpu_set_t after = ThreadCpus();

  EXPECT_EQ(CPU_COUNT(&pinned), 1);
  EXPECT_TRUE(CPU_ISSET(static_cast<size_t>(cpu), &pinned));
  EXPECT_TRUE(CPU_EQUAL(&after, &before));
  EXPECT_GE(CpuCount(), CPU_COUNT(&before));
}

TEST(CpuPinTest, RefusesACpuTheProcessCannotUseAndNamesIt) {
  const cpu_set_t before = ThreadCpus();

  const Result<CpuPin> negative = CpuPin::Pin(-1);
  const Result<CpuPin> beyond = CpuPin::Pin(CPU_SETSIZE + 3);

  ASSERT_FALSE(negative.ok());
  ASSERT_FALSE(beyond.ok());
  EXPECT_NE(beyond.error().message().find("CPU 1027"), std::string::npos)
      << beyond.error().message();
  const cpu_set_t after = ThreadCpus();
  EXPECT_TRUE(CPU_EQUAL(&after, &before));
}

}  // namespace
}  // namespace tapedeck

#include "cli/interrupt_watch.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>

#include "core/check.hpp"

namespace tapedeck::cli {
namespace {

// The handler can only reach globals.
std::atomic<bool> g_interrupted{false};
int g_pipe[2] = {-1, -1};
struct sigaction g_previous {};

extern "C" void OnInterrupt(int /*signal*/) {
  g_interrupted.store(true);
  const char byte = 1;
  // Nothing to do if the pipe is full: the flag is set and one byte suffices.
  [[maybe_unused]] const ssize_t written = write(g_pipe[1], &byte, 1);
}

}  // namespace

InterruptWatch::InterruptWatch() {
  TD_CHECK(g_pipe[0] < 0, "only one InterruptWatch at a time");
  TD_CHECK(pipe(g_pipe) == 0, "cannot create the interrupt pipe");
  for (const int fd : g_pipe) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
  }
  g_interrupted.store(false);
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &g_previous);
}

InterruptWatch::~InterruptWatch() {
  sigaction(SIGINT, &g_previous, nullptr);
  close(g_pipe[0]);
  close(g_pipe[1]);
  g_pipe[0] = g_pipe[1] = -1;
}

const std::atomic<bool>& InterruptWatch::flag() const { return g_interrupted; }

bool InterruptWatch::Take() {
  char buffer[64];
  while (read(g_pipe[0], buffer, sizeof buffer) > 0) {
  }
  return g_interrupted.exchange(false);
}

int InterruptWatch::fd() const { return g_pipe[0]; }

}  // namespace tapedeck::cli

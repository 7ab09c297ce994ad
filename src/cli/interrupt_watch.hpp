// Ctrl-C (SIGINT) as a flag and a readable pipe, for `run` and the shell. The
// signal handler only sets an atomic flag and writes one byte to a pipe;
// the owner's thread notices either and decides what to do (stop the
// session, give up waiting, clear the prompt's line).
#pragma once

#include <atomic>

namespace tapedeck::cli {

// Installs the handler for its lifetime and restores the previous one after.
// At most one exists at a time.
class InterruptWatch {
 public:
  InterruptWatch();
  ~InterruptWatch();
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;

  // Set by the handler; stays set until Take() or Clear().
  const std::atomic<bool>& flag() const;
  // Returns whether Ctrl-C was pressed since the last call, and clears it.
  bool Take();
  // Forgets a pending Ctrl-C (and drains the pipe).
  void Clear() { (void)Take(); }
  // Readable (poll) after a Ctrl-C until Take()/Clear().
  int fd() const;
};

}  // namespace tapedeck::cli

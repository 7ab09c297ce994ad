// The `tapedeck` binary: wiring only; the commands live in cli/.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "replay/replay_bar_source.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return tapedeck::cli::RunCli(args, std::cout, std::cerr, [](tapedeck::store::BarStore& store) {
    return std::make_unique<tapedeck::replay::ReplayBarSource>(store);
  });
}

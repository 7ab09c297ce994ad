// For cli tests: runs one subcommand through CLI11 as the real program does,
// without the rest of the command line, and returns its outcome.
#pragma once

#include <CLI/CLI.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_context.hpp"

namespace tapedeck::cli::test_support {

struct Outcome {
  Status status;
  std::string out;
};

// `add` registers the command (AddCalendarCommand …); `args` follow its name.
template <typename AddCommand>
Outcome RunCommand(std::string_view name, AddCommand add, std::vector<std::string> args) {
  std::ostringstream out;
  std::ostringstream err;
  CliContext context{out, err, "", Status::Ok(), {}, {}, {}, {}};
  CLI::App app("test", "tapedeck");
  add(app, context);
  args.insert(args.begin(), std::string(name));
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return {Error::InvalidArgument("parse error: {}", e.what()), out.str()};
  }
  if (context.status.ok() && context.action) context.status = context.action();
  return {context.status, out.str()};
}

}  // namespace tapedeck::cli::test_support

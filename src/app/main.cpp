// The `tapedeck` binary: wiring only; the commands live in cli/ (and the
// feed server's in feed/, which cli may not see).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "feed/feed_server_command.hpp"
#include "replay/replay_bar_source.hpp"
#include "store/duckdb_bar_store.hpp"

namespace {

tapedeck::cli::ExternalCommand FeedServerCommand() {
  using tapedeck::cli::ExternalOption;
  return {"feed-server",
          "Serve a day of stored 1m bars over the live-feed protocol (WebSocket + REST), "
          "with optional faults",
          {
              ExternalOption{"--date", "Day to replay (YYYY-MM-DD)", "", true, false},
              ExternalOption{"--speed", "Simulated time per wall time (0: flat out)", "60", false,
                             false},
              ExternalOption{"--port", "TCP port (0: any free port)", "8765", false, false},
              ExternalOption{"--address", "Address to listen on", "127.0.0.1", false, false},
              ExternalOption{"--fault",
                             "Faults to inject: drop, delay, duplicate, reorder, malformed, "
                             "reject-auth (repeat or comma-separate)",
                             "", false, true},
              ExternalOption{"--fault-every", "Minute batches between two faults of a kind", "50",
                             false, false},
          },
          [](const tapedeck::cli::CliContext& context,
             const tapedeck::cli::ExternalValues& values) -> tapedeck::Status {
            TD_ASSIGN_OR_RETURN(tapedeck::feed::FeedServerOptions options,
                                tapedeck::feed::ParseFeedServerOptions(values));
            TD_ASSIGN_OR_RETURN(std::unique_ptr<tapedeck::store::DuckDbBarStore> store,
                                tapedeck::store::DuckDbBarStore::Open(context.db_path));
            return tapedeck::feed::RunFeedServer(*store, std::move(options), context.out);
          }};
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<tapedeck::cli::ExternalCommand> external;
  external.push_back(FeedServerCommand());
  return tapedeck::cli::RunCli(
      args, std::cout, std::cerr,
      [](tapedeck::store::BarStore& store) {
        return std::make_unique<tapedeck::replay::ReplayBarSource>(store);
      },
      std::move(external));
}

// The `tapedeck` binary: wiring only; the commands live in cli/ (and the
// feed server's in feed/, which cli may not see).
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "feed/feed_server_command.hpp"
#include "feed/live_feed.hpp"
#include "feed/live_store_writer.hpp"
#include "replay/replay_bar_source.hpp"
#include "store/duckdb_bar_store.hpp"

namespace {

tapedeck::cli::ExternalCommand FeedServerCommand() {
  std::vector<tapedeck::cli::ExternalOption> flags;
  for (const tapedeck::feed::FeedServerFlag& flag : tapedeck::feed::FeedServerFlags()) {
    flags.push_back({flag.name, flag.help, flag.default_value, flag.required, flag.repeatable});
  }
  return {"feed-server",
          "Serve a day of stored 1m bars over the live-feed protocol (WebSocket + REST), "
          "with optional faults",
          std::move(flags),
          [](const tapedeck::cli::CliContext& context,
             const tapedeck::cli::ExternalValues& values) -> tapedeck::Status {
            TD_ASSIGN_OR_RETURN(tapedeck::feed::FeedServerOptions options,
                                tapedeck::feed::ParseFeedServerOptions(values));
            TD_ASSIGN_OR_RETURN(std::unique_ptr<tapedeck::store::DuckDbBarStore> store,
                                tapedeck::store::DuckDbBarStore::Open(context.db_path));
            return tapedeck::feed::RunFeedServer(*store, std::move(options), context.out);
          }};
}

// A live session's feed: feed::LiveFeed behind cli::LiveConnection.
class FeedConnection final : public tapedeck::cli::LiveConnection {
 public:
  explicit FeedConnection(std::unique_ptr<tapedeck::feed::LiveFeed> feed)
      : feed_(std::move(feed)) {}
  tapedeck::loading::LiveBarSource& source() override { return *feed_; }
  tapedeck::Status Start() override { return feed_->Start(); }
  void Stop() override { feed_->Stop(); }
  tapedeck::Result<std::string> RecordBars(tapedeck::store::BarStore& store) override {
    TD_ASSIGN_OR_RETURN(const tapedeck::feed::LiveBarsWritten written,
                        tapedeck::feed::WriteLiveBars(store, feed_->buffer()));
    return fmt::format("live bars recorded: {} written, {} already stored ({} differ: kept)",
                       written.written, written.already_stored, written.conflicts.size());
  }

 private:
  std::unique_ptr<tapedeck::feed::LiveFeed> feed_;
};

tapedeck::Result<std::unique_ptr<tapedeck::cli::LiveConnection>> OpenFeed(
    const tapedeck::session::LiveConfig& config, tapedeck::Timestamp open, bool today,
    const tapedeck::clock::Clock& wall) {
  TD_ASSIGN_OR_RETURN(std::unique_ptr<tapedeck::feed::LiveFeed> feed,
                      tapedeck::feed::OpenLiveFeed(config, open, today, wall));
  return std::unique_ptr<tapedeck::cli::LiveConnection>(
      std::make_unique<FeedConnection>(std::move(feed)));
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
      std::move(external), &OpenFeed);
}

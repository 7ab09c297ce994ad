// `tapedeck feed-server`: the local replay server on the command line. The
// options arrive as text (cli/ owns the parser and cannot see feed/; app/
// connects the two), are checked here, and the server runs until Ctrl-C.
//   tapedeck feed-server --db FILE --date 2013-10-08 [--speed 60] [--port 8765]
//                        [--address 127.0.0.1] [--fault drop,delay,...] [--fault-every 50]
//                        [--tls-cert cert.pem --tls-key key.pem]
// When TAPEDECK_FEED_KEY and TAPEDECK_FEED_SECRET are set, clients must present them.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "clock/clock.hpp"
#include "feed/feed_server.hpp"
#include "store/bar_store.hpp"

namespace tapedeck::feed {

// One command-line option of `tapedeck feed-server`, described for the
// parser in cli/ (app/ copies these into cli::ExternalOption).
struct FeedServerFlag {
  std::string name;  // "--port"
  std::string help;
  std::string default_value;  // "" for none.
  bool required = false;
  bool repeatable = false;  // May be given several times or comma-separated.
};

// Every option ParseFeedServerOptions reads, with its help text.
const std::vector<FeedServerFlag>& FeedServerFlags();

// Reads the options by name ("date", "speed", "port", "address", "fault",
// "fault-every", "tls-cert", "tls-key"); errors name the option and the bad value.
Result<FeedServerOptions> ParseFeedServerOptions(
    const std::map<std::string, std::vector<std::string>>& values);

// Serves `store`'s bars of options.date until SIGINT/SIGTERM; prints the URLs
// to `out` once listening.
Status RunFeedServer(store::BarStore& store, FeedServerOptions options, std::ostream& out);

}  // namespace tapedeck::feed

#include "feed/feed_server_command.hpp"

#include <charconv>
#include <cstdlib>

#include "feed/feed_client.hpp"

namespace tapedeck::feed {
namespace {

std::string One(const std::map<std::string, std::vector<std::string>>& values, const char* name) {
  const auto it = values.find(name);
  return it == values.end() || it->second.empty() ? std::string() : it->second.back();
}

template <typename T>
Result<T> Number(const std::string& text, const char* option) {
  T value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    return Error::InvalidArgument("--{} '{}' is not a number", option, text);
  }
  return value;
}

}  // namespace

const std::vector<FeedServerFlag>& FeedServerFlags() {
  static const std::vector<FeedServerFlag> flags = {
      {"--date", "Day to replay (YYYY-MM-DD)", "", true, false},
      {"--speed", "Simulated time per wall time (0: flat out)", "60", false, false},
      {"--port", "TCP port (0: any free port)", "8765", false, false},
      {"--address", "Address to listen on", "127.0.0.1", false, false},
      {"--fault",
       "Faults to inject: drop, delay, duplicate, reorder, malformed, reject-auth, correct "
       "(repeat or comma-separate)",
       "", false, true},
      {"--fault-every", "Minute batches between two faults of a kind", "50", false, false},
      {"--tls-cert", "PEM certificate (chain): serve wss:// and https:// (needs --tls-key)", "",
       false, false},
      {"--tls-key", "PEM private key of --tls-cert", "", false, false},
  };
  return flags;
}

Result<FeedServerOptions> ParseFeedServerOptions(
    const std::map<std::string, std::vector<std::string>>& values) {
  FeedServerOptions options;
  const std::string date = One(values, "date");
  if (date.empty()) return Error::InvalidArgument("--date is required (the day to replay)");
  TD_ASSIGN_OR_RETURN(options.date, ParseDate(date).WithContext("--date"));
  if (const std::string speed = One(values, "speed"); !speed.empty()) {
    TD_ASSIGN_OR_RETURN(options.speed, Number<double>(speed, "speed"));
    if (options.speed < 0) return Error::InvalidArgument("--speed must be 0 (flat out) or more");
  }
  if (const std::string port = One(values, "port"); !port.empty()) {
    TD_ASSIGN_OR_RETURN(const int number, Number<int>(port, "port"));
    if (number < 0 || number > 65535)
      return Error::InvalidArgument("--port {} is out of range", number);
    options.port = static_cast<uint16_t>(number);
  }
  if (const std::string address = One(values, "address"); !address.empty())
    options.address = address;
  if (const std::string every = One(values, "fault-every"); !every.empty()) {
    TD_ASSIGN_OR_RETURN(options.fault_every, Number<int>(every, "fault-every"));
    if (options.fault_every < 1) return Error::InvalidArgument("--fault-every must be at least 1");
  }
  if (const auto it = values.find("fault"); it != values.end()) {
    for (const std::string& name : it->second) {
      if (name.empty()) continue;
      TD_ASSIGN_OR_RETURN(const Fault fault, ParseFault(name).WithContext("--fault"));
      options.faults.push_back(fault);
    }
  }
  const std::string cert = One(values, "tls-cert");
  const std::string tls_key = One(values, "tls-key");
  if (cert.empty() != tls_key.empty()) {
    return Error::InvalidArgument("--tls-cert and --tls-key go together (TLS needs both)");
  }
  options.tls_cert_file = cert;
  options.tls_key_file = tls_key;
  const char* key = std::getenv(kKeyVariable);
  const char* secret = std::getenv(kSecretVariable);
  if (key != nullptr && secret != nullptr) {
    options.key = key;
    options.secret = secret;
  }
  return options;
}

Status RunFeedServer(store::BarStore& store, FeedServerOptions options, std::ostream& out) {
  const clock::WallClock wall;
  std::string faults;
  for (const Fault fault : options.faults)
    faults += (faults.empty() ? "" : ",") + std::string(ToString(fault));
  TD_ASSIGN_OR_RETURN(std::unique_ptr<FeedServer> server,
                      FeedServer::Create(store, std::move(options), wall));
  TD_RETURN_IF_ERROR(server->Start());
  out << "feed-server: stream " << server->stream_url() << "  REST " << server->rest_url()
      << (faults.empty() ? "" : "  faults " + faults) << "\n"
      << "feed-server: the replay starts when the first client subscribes; Ctrl-C stops\n";
  out.flush();
  server->WaitForSignal();
  server->Stop();
  const FeedServerTotals totals = server->totals();
  out << "feed-server: " << totals.connections << " connections, " << totals.bars_sent
      << " bars sent, " << totals.rest_requests << " REST requests, " << totals.faults
      << " faults injected\n";
  return Status::Ok();
}

}  // namespace tapedeck::feed

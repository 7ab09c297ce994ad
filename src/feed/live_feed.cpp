#include "feed/live_feed.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>

namespace tapedeck::feed {

LiveFeed::LiveFeed(LiveFeedOptions options, const clock::Clock& wall)
    : options_(std::move(options)), wall_(wall), buffer_(wall), client_(options_.client, buffer_) {}

LiveFeed::~LiveFeed() {
  client_.Stop();
  buffer_.set_on_change({});
}

Status LiveFeed::Bars(std::span<const model::Symbol> symbols, model::Interval interval,
                      Timestamp from, Timestamp to, std::span<std::vector<model::Bar>* const> out) {
  if (interval != buffer_.interval()) {
    return Error::InvalidArgument("the live feed streams {} bars, not {}: stream {} in live mode",
                                  buffer_.interval().ToString(), interval.ToString(),
                                  buffer_.interval().ToString());
  }
  return buffer_.Bars(symbols, interval, from, to, out);
}

void LiveFeed::Take(std::span<const model::Symbol> symbols, Timestamp until,
                    std::span<std::vector<model::Bar>* const> out) {
  buffer_.Take(symbols, until, out);
}

void LiveFeed::Follow(std::span<const model::Symbol> symbols) { client_.Subscribe(symbols); }

void LiveFeed::Unfollow(std::span<const model::Symbol> symbols) {
  client_.Unsubscribe(symbols);
  for (const model::Symbol& symbol : symbols) buffer_.Forget(symbol);
}

std::vector<model::Symbol> LiveFeed::WaitReady(std::span<const model::Symbol> symbols,
                                               Timestamp deadline,
                                               const std::atomic<bool>* interrupt) {
  std::vector<model::Symbol> waiting(symbols.begin(), symbols.end());
  while (true) {
    const uint64_t seen = buffer_.version();
    std::erase_if(waiting, [&](const model::Symbol& symbol) { return buffer_.ready(symbol); });
    const Timestamp now = wall_.Now();
    const bool interrupted = interrupt != nullptr && interrupt->load();
    if (waiting.empty() || now >= deadline || interrupted || !client_.failure().ok()) {
      return waiting;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    buffer_.WaitForChange(
        seen, std::clamp(left, std::chrono::milliseconds(1), std::chrono::milliseconds(100)));
  }
}

Timestamp LiveFeed::Horizon(std::span<const model::Symbol> symbols, Timestamp open) {
  horizon_ = buffer_.Horizon(symbols, open, options_.rule);
  return horizon_;
}

void LiveFeed::set_on_change(std::function<void()> wake) { buffer_.set_on_change(std::move(wake)); }

loading::LiveStatus LiveFeed::status() const {
  const FeedStatus feed = buffer_.status();
  loading::LiveStatus status;
  status.connected = feed.connected;
  status.caught_up = feed.caught_up;
  status.last_message = feed.last_message;
  status.lag = feed.lag;
  status.horizon = horizon_;
  status.reconnects = feed.reconnects;
  status.bars = feed.bars;
  status.late_bars = feed.late_bars;
  status.duplicates = feed.duplicates;
  status.corrections = feed.corrections;
  status.malformed = feed.malformed;
  status.last_error = feed.last_error;
  return status;
}

Result<std::unique_ptr<LiveFeed>> OpenLiveFeed(const session::LiveConfig& config, Timestamp open,
                                               bool today, const clock::Clock& wall) {
  LiveFeedOptions options;
  options.client.stream_url = config.stream_url;
  options.client.rest_url = config.rest_url;
  options.client.backfill_from = open;
  options.client.ca_file = config.ca_file;
  Result<FeedCredentials> credentials = CredentialsFromEnvironment();
  if (credentials.ok()) {
    options.client.credentials = *credentials;
  } else {
    spdlog::warn("live feed: {}; connecting without keys (a local feed-server accepts that)",
                 credentials.error().message());
  }
  options.rule.wall = config.clock ? *config.clock == session::LiveClock::kWall : today;
  options.rule.grace = config.grace.value_or(options.rule.wall ? Duration(std::chrono::seconds(5))
                                                               : Duration(std::chrono::minutes(2)));
  options.rule.hold = config.hold;
  options.client.cpu = config.feed_cpu;
  return std::make_unique<LiveFeed>(std::move(options), wall);
}

}  // namespace tapedeck::feed

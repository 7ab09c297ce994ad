// A live session's bar source: the feed client and the buffer it fills,
// behind loading::LiveBarSource. The session follows symbols (the client
// subscribes and backfills them), takes each step's bars from the buffer and
// steps up to the buffer's horizon (HorizonRule).
#pragma once

#include <memory>

#include "clock/clock.hpp"
#include "feed/feed_client.hpp"
#include "feed/live_bar_buffer.hpp"
#include "loading/bar_source.hpp"
#include "session/session_config.hpp"

namespace tapedeck::feed {

struct LiveFeedOptions {
  FeedClientOptions client;  // backfill_from: the session's open.
  HorizonRule rule;
};

class LiveFeed final : public loading::LiveBarSource {
 public:
  // `wall` stamps arrivals and drives the wall rule; it must outlive the feed.
  LiveFeed(LiveFeedOptions options, const clock::Clock& wall);
  ~LiveFeed() override;

  // Connects (on the client's thread); Stop() disconnects and is idempotent.
  Status Start() { return client_.Start(); }
  void Stop() { client_.Stop(); }
  const LiveBarBuffer& buffer() const { return buffer_; }
  const HorizonRule& rule() const { return options_.rule; }

  Status Bars(std::span<const model::Symbol> symbols, model::Interval interval, Timestamp from,
              Timestamp to, std::span<std::vector<model::Bar>* const> out) override;
  void Take(std::span<const model::Symbol> symbols, Timestamp until,
            std::span<std::vector<model::Bar>* const> out) override;
  void Follow(std::span<const model::Symbol> symbols) override;
  void Unfollow(std::span<const model::Symbol> symbols) override;
  bool ready(const model::Symbol& symbol) const override { return buffer_.ready(symbol); }
  std::vector<model::Symbol> WaitReady(std::span<const model::Symbol> symbols, Timestamp deadline,
                                       const std::atomic<bool>* interrupt) override;
  Timestamp Horizon(std::span<const model::Symbol> symbols, Timestamp open) override;
  void set_on_change(std::function<void()> wake) override;
  Status failure() const override { return client_.failure(); }
  loading::LiveStatus status() const override;

 private:
  LiveFeedOptions options_;
  const clock::Clock& wall_;
  LiveBarBuffer buffer_;
  FeedClient client_;
  Timestamp horizon_{};
};

// The feed of a session's live_config, not started: URLs and rule from the
// config (grace defaults to 5 s on the wall clock, 2 min on the feed's),
// keys from the environment (TAPEDECK_FEED_KEY/SECRET or APCA_API_KEY_ID/
// APCA_API_SECRET_KEY; without them it connects with none, which a local
// feed-server without keys accepts), backfill from `open`.
Result<std::unique_ptr<LiveFeed>> OpenLiveFeed(const session::LiveConfig& config, Timestamp open,
                                               bool today, const clock::Clock& wall);

}  // namespace tapedeck::feed

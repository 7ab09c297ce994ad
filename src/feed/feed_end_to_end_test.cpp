// The feed client against the local server over real localhost sockets, on
// the sample data's 1m bars of 2013-10-08 (SPY, IBM, BAC): under each fault
// the client must end with exactly the bars the store holds for the day, over
// plain TCP and over TLS (with a certificate made at test time).
// The server replays at 100000× (the day's 16 hours in about 0.6 s); the
// tests wait on socket I/O with a generous timeout and never sleep.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/check.hpp"
#include "feed/feed_client.hpp"
#include "feed/feed_server.hpp"
#include "feed/test_certificate.hpp"
#include "testkit/bars.hpp"
#include "testkit/memory_bar_store.hpp"
#include "testkit/sample_bars.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::feed {
namespace {

using model::Symbol;
namespace chr = std::chrono;

const Date kDay = *ParseDate("2013-10-08");
constexpr auto kTimeout = chr::seconds(60);

std::unique_ptr<testkit::MemoryBarStore> SampleStore() {
  auto store = std::make_unique<testkit::MemoryBarStore>();
  std::vector<store::SeriesBars> series;
  for (const char* name : {"SPY", "IBM", "BAC"}) {
    const auto path = testkit::SourceDir() / "data/sample" /
                      (std::string(name) + "_1m_2013-10-07_2013-10-11.csv");
    series.push_back(
        {*Symbol::Parse(name), model::Interval::Minutes(1), testkit::ReadSampleBars(path)});
  }
  TD_CHECK(store->Write(series).ok());
  return store;
}

FeedServerOptions ServerOptions(std::vector<Fault> faults) {
  FeedServerOptions options;
  options.date = kDay;
  options.speed = 100000;
  options.faults = std::move(faults);
  options.fault_every = 40;
  options.delay = chr::milliseconds(30);
  options.key = "test-key";
  options.secret = "test-secret";
  return options;
}

FeedClientOptions ClientOptions(const FeedServer& server) {
  FeedClientOptions options;
  options.stream_url = server.stream_url();
  options.rest_url = server.rest_url();
  options.credentials = {"test-key", "test-secret"};
  options.backfill_from = StartOfDayUtc(kDay);
  options.initial_backoff = chr::milliseconds(5);
  options.max_backoff = chr::milliseconds(50);
  options.rest_page_limit = 250;  // Several pages per backfill.
  return options;
}

int64_t BarCount(const std::vector<store::SeriesBars>& day) {
  int64_t count = 0;
  for (const store::SeriesBars& series : day) count += static_cast<int64_t>(series.bars.size());
  return count;
}

// Waits (on the buffer's changes) until `done` holds or time runs out.
template <typename Predicate>
bool WaitUntil(const LiveBarBuffer& buffer, Predicate done) {
  const clock::WallClock wall;
  const Timestamp deadline = wall.Now() + kTimeout;
  uint64_t seen = 0;
  while (!done()) {
    if (wall.Now() > deadline) return false;
    seen = buffer.WaitForChange(seen, chr::milliseconds(100));
  }
  return true;
}

bool WaitForBars(const LiveBarBuffer& buffer, int64_t count) {
  return WaitUntil(buffer, [&] { return buffer.status().bars >= count; });
}

bool HoldsExactly(const LiveBarBuffer& buffer, const std::vector<store::SeriesBars>& day) {
  for (const store::SeriesBars& series : day) {
    const std::vector<BufferedBar> held = buffer.Snapshot(series.symbol);
    if (held.size() != series.bars.size()) return false;
    for (size_t i = 0; i < held.size(); ++i) {
      if (held[i].bar != series.bars[i]) return false;
    }
  }
  return true;
}

void ExpectSameBars(const LiveBarBuffer& buffer, const std::vector<store::SeriesBars>& day) {
  for (const store::SeriesBars& series : day) {
    std::vector<model::Bar> received;
    for (const BufferedBar& held : buffer.Snapshot(series.symbol)) received.push_back(held.bar);
    EXPECT_EQ(received, series.bars) << series.symbol.str();
  }
}

struct FaultCase {
  const char* name;
  std::vector<Fault> faults;
};

class FeedFaultTest : public testing::TestWithParam<FaultCase> {};

TEST_P(FeedFaultTest, EndsWithTheStoresBarsForTheDay) {
  auto store = SampleStore();
  const clock::WallClock wall;
  auto server =
      std::move(FeedServer::Create(*store, ServerOptions(GetParam().faults), wall)).value();
  ASSERT_TRUE(server->Start().ok());
  const int64_t expected = BarCount(server->day());
  clock::SimulatedClock buffer_clock(StartOfDayUtc(kDay));
  LiveBarBuffer buffer(buffer_clock);
  FeedClient client(ClientOptions(*server), buffer);
  const std::vector<Symbol> symbols = {*Symbol::Parse("SPY"), *Symbol::Parse("IBM"),
                                       *Symbol::Parse("BAC")};
  client.Subscribe(symbols);

  ASSERT_TRUE(client.Start().ok());
  // Every bar, and the last correction too (it may follow the last bar).
  const bool complete = WaitUntil(buffer, [&] {
    return buffer.status().bars >= expected && HoldsExactly(buffer, server->day());
  });
  client.Stop();
  server->Stop();

  EXPECT_TRUE(complete) << buffer.status().bars << " of " << expected << " bars";
  EXPECT_TRUE(client.failure().ok());
  ExpectSameBars(buffer, server->day());
  const FeedStatus status = buffer.status();
  EXPECT_EQ(status.bars, expected);
  if (std::ranges::find(GetParam().faults, Fault::kCorrect) == GetParam().faults.end()) {
    EXPECT_EQ(status.corrections, 0);
  }
  for (const Fault fault : GetParam().faults) {
    switch (fault) {
      case Fault::kDrop:
        EXPECT_GT(status.reconnects, 0);
        EXPECT_GT(status.backfilled_bars, 0);
        break;
      case Fault::kDuplicate:
        EXPECT_GT(status.duplicates, 0);
        break;
      case Fault::kMalformed:
        EXPECT_GT(status.malformed, 0);
        break;
      case Fault::kRejectAuth:
        EXPECT_GT(status.errors, 0);
        break;
      case Fault::kCorrect:
        EXPECT_GT(status.corrections, 0);
        break;
      case Fault::kDelay:
      case Fault::kReorder:
        EXPECT_GT(server->totals().faults, 0);
        break;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Faults, FeedFaultTest,
    testing::Values(
        FaultCase{"none", {}}, FaultCase{"drop", {Fault::kDrop}},
        FaultCase{"delay", {Fault::kDelay}}, FaultCase{"duplicate", {Fault::kDuplicate}},
        FaultCase{"reorder", {Fault::kReorder}}, FaultCase{"malformed", {Fault::kMalformed}},
        FaultCase{"reject_auth", {Fault::kRejectAuth}}, FaultCase{"correct", {Fault::kCorrect}},
        FaultCase{"all",
                  {Fault::kDrop, Fault::kDelay, Fault::kDuplicate, Fault::kReorder,
                   Fault::kMalformed, Fault::kRejectAuth, Fault::kCorrect}}),
    [](const testing::TestParamInfo<FaultCase>& param) { return std::string(param.param.name); });

TEST(FeedClientTest, ASymbolThatJoinsLateIsBackfilledFromTheSessionStart) {
  auto store = SampleStore();
  const clock::WallClock wall;
  FeedServerOptions options = ServerOptions({});
  options.speed = 20000;  // About 3 s for the day: BAC joins while it streams.
  auto server = std::move(FeedServer::Create(*store, options, wall)).value();
  ASSERT_TRUE(server->Start().ok());
  clock::SimulatedClock buffer_clock(StartOfDayUtc(kDay));
  LiveBarBuffer buffer(buffer_clock);
  FeedClient client(ClientOptions(*server), buffer);
  const Symbol spy = *Symbol::Parse("SPY");
  const Symbol bac = *Symbol::Parse("BAC");
  client.Subscribe(std::span<const Symbol>(&spy, 1));
  ASSERT_TRUE(client.Start().ok());
  const int64_t spy_bars =
      static_cast<int64_t>(server->day()[2].bars.size());  // Sorted: BAC, IBM, SPY.
  ASSERT_TRUE(WaitForBars(buffer, spy_bars / 3));

  client.Subscribe(std::span<const Symbol>(&bac, 1));
  const bool complete =
      WaitForBars(buffer, spy_bars + static_cast<int64_t>(server->day()[0].bars.size())) &&
      WaitUntil(buffer, [&] { return buffer.ready(bac); });
  client.Stop();
  server->Stop();

  ASSERT_TRUE(complete);
  std::vector<model::Bar> received;
  for (const BufferedBar& held : buffer.Snapshot(bac)) received.push_back(held.bar);
  EXPECT_EQ(received, server->day()[0].bars);
  EXPECT_GT(buffer.status().backfilled_bars, 0);
  EXPECT_TRUE(buffer.ready(bac));
}

TEST(FeedClientTest, GivesUpWithAClearErrorWhenTheKeysAreRefused) {
  auto store = SampleStore();
  const clock::WallClock wall;
  auto server = std::move(FeedServer::Create(*store, ServerOptions({}), wall)).value();
  ASSERT_TRUE(server->Start().ok());
  clock::SimulatedClock buffer_clock(StartOfDayUtc(kDay));
  LiveBarBuffer buffer(buffer_clock);
  FeedClientOptions options = ClientOptions(*server);
  options.credentials = {"wrong-key", "wrong-secret"};
  FeedClient client(options, buffer);

  ASSERT_TRUE(client.Start().ok());
  const bool failed = client.WaitForFailure(kTimeout);
  client.Stop();
  server->Stop();

  ASSERT_TRUE(failed);
  EXPECT_EQ(client.failure().error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(client.failure().error().message().find("refused the keys 3 times"), std::string::npos)
      << client.failure().error().message();
  EXPECT_EQ(client.failure().error().message().find("wrong-secret"), std::string::npos);
  EXPECT_FALSE(buffer.status().connected);
}

const std::vector<Symbol> kSymbols = {*Symbol::Parse("SPY"), *Symbol::Parse("IBM"),
                                      *Symbol::Parse("BAC")};

// A TLS server with a self-signed certificate made for 127.0.0.1 and localhost.
class FeedTlsTest : public testing::Test {
 protected:
  void SetUp() override {
    certificate_ = WriteTestCertificate(dir_.path());
    FeedServerOptions options = ServerOptions({});
    options.tls_cert_file = certificate_.certificate;
    options.tls_key_file = certificate_.key;
    server_ = std::move(FeedServer::Create(*store_, options, wall_)).value();
    ASSERT_TRUE(server_->Start().ok());
  }

  testkit::TempDir dir_;
  TestCertificate certificate_;
  std::unique_ptr<testkit::MemoryBarStore> store_ = SampleStore();
  const clock::WallClock wall_;
  std::unique_ptr<FeedServer> server_;
  clock::SimulatedClock buffer_clock_{StartOfDayUtc(kDay)};
};

TEST_F(FeedTlsTest, AClientThatTrustsTheCertificateGetsTheStoresBarsOverWssAndHttps) {
  LiveBarBuffer buffer(buffer_clock_);
  FeedClientOptions options = ClientOptions(*server_);
  options.ca_file = certificate_.certificate.string();
  FeedClient client(options, buffer);
  client.Subscribe(kSymbols);

  ASSERT_TRUE(client.Start().ok());
  const bool complete = WaitUntil(buffer, [&] { return HoldsExactly(buffer, server_->day()); });
  client.Stop();
  server_->Stop();

  EXPECT_TRUE(complete) << buffer.status().bars << " of " << BarCount(server_->day()) << " bars";
  EXPECT_TRUE(options.stream_url.starts_with("wss://127.0.0.1:")) << options.stream_url;
  EXPECT_TRUE(options.rest_url.starts_with("https://127.0.0.1:")) << options.rest_url;
  ExpectSameBars(buffer, server_->day());
  EXPECT_GT(server_->totals().rest_requests, 0);  // The backfill went over https too.
  EXPECT_EQ(buffer.status().errors, 0) << buffer.status().last_error;
}

TEST_F(FeedTlsTest, AClientWithoutTheCaRefusesTheCertificateAndKeepsRetrying) {
  LiveBarBuffer buffer(buffer_clock_);
  FeedClient client(ClientOptions(*server_), buffer);  // Trusts the system's CAs only.
  client.Subscribe(kSymbols);

  ASSERT_TRUE(client.Start().ok());
  const bool retried = WaitUntil(buffer, [&] { return buffer.status().errors >= 3; });
  const FeedStatus status = buffer.status();
  const Status failure = client.failure();
  client.Stop();
  server_->Stop();

  ASSERT_TRUE(retried);
  EXPECT_NE(status.last_error.find("certificate"), std::string::npos) << status.last_error;
  EXPECT_FALSE(status.connected);
  EXPECT_EQ(status.bars, 0);
  EXPECT_TRUE(failure.ok());  // It does not give up: the server may get a good certificate.
}

TEST_F(FeedTlsTest, AMissingCaFileIsAnErrorAtStart) {
  LiveBarBuffer buffer(buffer_clock_);
  FeedClientOptions options = ClientOptions(*server_);
  options.ca_file = (dir_.path() / "missing.pem").string();
  FeedClient client(options, buffer);

  const Status started = client.Start();

  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.error().message().find("missing.pem"), std::string::npos);
}

TEST(FeedServerTest, RefusesAMissingCertificate) {
  auto store = SampleStore();
  const clock::WallClock wall;
  const testkit::TempDir dir;
  FeedServerOptions options = ServerOptions({});
  options.tls_cert_file = dir.path() / "cert.pem";
  options.tls_key_file = dir.path() / "key.pem";

  const auto server = FeedServer::Create(*store, options, wall);

  ASSERT_FALSE(server.ok());
  EXPECT_NE(server.error().message().find("cert.pem"), std::string::npos);
}

TEST(FeedServerTest, RefusesADateWithoutBars) {
  auto store = SampleStore();
  const clock::WallClock wall;
  FeedServerOptions options = ServerOptions({});
  options.date = *ParseDate("2013-10-05");

  const auto server = FeedServer::Create(*store, options, wall);

  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.error().code(), ErrorCode::kNotFound);
}

TEST(BackoffTest, DoublesUpToItsMaximumAndResets) {
  Backoff backoff(chr::milliseconds(100), chr::milliseconds(500));

  const Duration first = backoff.Next();
  const Duration second = backoff.Next();
  const Duration third = backoff.Next();
  const Duration fourth = backoff.Next();
  backoff.Reset();

  EXPECT_EQ(first, chr::milliseconds(100));
  EXPECT_EQ(second, chr::milliseconds(200));
  EXPECT_EQ(third, chr::milliseconds(400));
  EXPECT_EQ(fourth, chr::milliseconds(500));
  EXPECT_EQ(backoff.Next(), chr::milliseconds(100));
}

TEST(FaultTest, ParsesTheDocumentedNames) {
  EXPECT_EQ(*ParseFault("reject-auth"), Fault::kRejectAuth);
  EXPECT_EQ(*ParseFault("drop"), Fault::kDrop);
  EXPECT_EQ(*ParseFault("correct"), Fault::kCorrect);
  EXPECT_EQ(ToString(Fault::kCorrect), "correct");
  EXPECT_FALSE(ParseFault("explode").ok());
}

}  // namespace
}  // namespace tapedeck::feed

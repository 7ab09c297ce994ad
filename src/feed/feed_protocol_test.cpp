// Frames copied from Alpaca's documentation (pages cited in feed_protocol.hpp)
// and broken ones.
#include "feed/feed_protocol.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>

namespace tapedeck::feed {
namespace {

using model::Symbol;

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

TEST(FrameParserTest, ReadsTheDocumentedControlMessages) {
  FrameParser parser;

  ASSERT_TRUE(parser.Parse(R"([{"T":"success","msg":"connected"}])").ok());
  const EventKind connected = parser.events().at(0).kind;
  ASSERT_TRUE(parser.Parse(R"([{"T":"success","msg":"authenticated"}])").ok());
  const EventKind authenticated = parser.events().at(0).kind;
  ASSERT_TRUE(parser.Parse(R"([{"T":"error","code":406,"msg":"connection limit exceeded"}])").ok());

  EXPECT_EQ(connected, EventKind::kConnected);
  EXPECT_EQ(authenticated, EventKind::kAuthenticated);
  ASSERT_EQ(parser.events().size(), 1U);
  EXPECT_EQ(parser.events()[0].kind, EventKind::kError);
  EXPECT_EQ(parser.events()[0].code, kErrorConnectionLimit);
  EXPECT_EQ(parser.events()[0].text, "connection limit exceeded");
}

TEST(FrameParserTest, ReadsTheDocumentedSubscriptionMessage) {
  FrameParser parser;

  const Status status =
      parser.Parse(R"([{"T":"subscription","trades":["AAPL"],"quotes":["AMD","CLDR"],"bars":["*"],)"
                   R"("updatedBars":[],"dailyBars":["VOO"],"statuses":["*"],"lulds":[],)"
                   R"("corrections":["AAPL"],"cancelErrors":["AAPL"]}])");

  ASSERT_TRUE(status.ok()) << status.error().message();
  ASSERT_EQ(parser.events().size(), 1U);
  EXPECT_EQ(parser.events()[0].kind, EventKind::kSubscription);
  EXPECT_EQ(parser.events()[0].text, R"(["*"])");
}

TEST(FrameParserTest, ReadsTheDocumentedBarMessage) {
  FrameParser parser;

  const Status status = parser.Parse(R"([{
    "T": "b",
    "S": "SPY",
    "o": 388.985,
    "h": 389.13,
    "l": 388.975,
    "c": 389.12,
    "v": 49378,
    "t": "2021-02-22T19:15:00Z",
    "n": 461,
    "vw": 389.062639
  }])");

  ASSERT_TRUE(status.ok()) << status.error().message();
  ASSERT_EQ(parser.events().size(), 1U);
  const FeedEvent& event = parser.events()[0];
  EXPECT_EQ(event.kind, EventKind::kBar);
  EXPECT_EQ(event.symbol, "SPY");
  EXPECT_EQ(event.bar.open_time, At("2021-02-22T19:15:00Z"));
  EXPECT_DOUBLE_EQ(event.bar.open, 388.985);
  EXPECT_DOUBLE_EQ(event.bar.high, 389.13);
  EXPECT_DOUBLE_EQ(event.bar.low, 388.975);
  EXPECT_DOUBLE_EQ(event.bar.close, 389.12);
  EXPECT_DOUBLE_EQ(event.bar.volume, 49378);
}

TEST(FrameParserTest, ReadsSeveralBarsAndAnUpdatedBarInOneFrame) {
  FrameParser parser;

  const Status status = parser.Parse(
      R"([{"T":"b","S":"AAPL","o":1,"h":2,"l":0.5,"c":1.5,"v":10,"t":"2021-02-22T15:51:00Z"},)"
      R"({"T":"u","S":"AAPL","o":1,"h":2.5,"l":0.5,"c":1.5,"v":12,"t":"2021-02-22T15:50:00Z"},)"
      R"({"T":"t","i":96921,"S":"AAPL","x":"D","p":126.55,"s":1,"t":"2021-02-22T15:51:44.208Z",)"
      R"("c":["@","I"],"z":"C"}])");

  ASSERT_TRUE(status.ok()) << status.error().message();
  ASSERT_EQ(parser.events().size(), 3U);
  EXPECT_EQ(parser.events()[0].kind, EventKind::kBar);
  EXPECT_EQ(parser.events()[1].kind, EventKind::kUpdatedBar);
  EXPECT_DOUBLE_EQ(parser.events()[1].bar.high, 2.5);
  EXPECT_EQ(parser.events()[2].kind, EventKind::kIgnored);
}

TEST(FrameParserTest, MarksABrokenElementAndKeepsTheRestOfTheFrame) {
  FrameParser parser;

  const Status status = parser.Parse(
      R"([{"T":"b","S":"SPY","o":"x","h":2,"l":0.5,"c":1.5,"v":10,"t":"2021-02-22T15:51:00Z"},)"
      R"({"T":"b","S":"SPY","h":2,"l":0.5,"c":1.5,"v":10,"t":"2021-02-22T15:52:00Z"},)"
      R"({"T":"b","S":"SPY","o":1,"h":2,"l":0.5,"c":1.5,"v":10,"t":"yesterday"},)"
      R"(42,)"
      R"({"T":"b","S":"SPY","o":1,"h":2,"l":0.5,"c":1.5,"v":10,"t":"2021-02-22T15:54:00Z"}])");

  ASSERT_TRUE(status.ok()) << status.error().message();
  ASSERT_EQ(parser.events().size(), 5U);
  EXPECT_EQ(parser.events()[0].kind, EventKind::kMalformed);
  EXPECT_EQ(parser.events()[0].text, "\"o\" is not a number");
  EXPECT_EQ(parser.events()[1].kind, EventKind::kMalformed);
  EXPECT_EQ(parser.events()[2].kind, EventKind::kMalformed);
  EXPECT_EQ(parser.events()[3].kind, EventKind::kMalformed);
  EXPECT_EQ(parser.events()[4].kind, EventKind::kBar);
}

TEST(FrameParserTest, RejectsFramesThatAreNotJsonArrays) {
  FrameParser parser;

  EXPECT_FALSE(parser.Parse("").ok());
  EXPECT_FALSE(parser.Parse(R"({"T":"success","msg":"connected"})").ok());
  EXPECT_FALSE(parser.Parse(R"([{"T":"b","S":"SPY","o":1)").ok());
  EXPECT_FALSE(parser.Parse(R"([{"T":"b"}] trailing)").ok());
  EXPECT_FALSE(parser.Parse(R"([{"T":"b",,}])").ok());
  EXPECT_TRUE(parser.Parse("[]").ok());
}

TEST(ParseRfc3339Test, ReadsZuluOffsetsAndFractions) {
  EXPECT_EQ(*ParseRfc3339("2021-02-22T19:15:00Z"), At("2021-02-22T19:15:00Z"));
  EXPECT_EQ(*ParseRfc3339("2021-02-22T15:51:45.335689322Z"), At("2021-02-22T15:51:45.335689322Z"));
  EXPECT_EQ(*ParseRfc3339("2021-02-22T14:15:00-05:00"), At("2021-02-22T19:15:00Z"));
  EXPECT_EQ(*ParseRfc3339("1969-12-31T23:59:59Z"), FromUnixNanos(-1'000'000'000));
  EXPECT_FALSE(ParseRfc3339("2021-02-22 19:15").ok());
  EXPECT_FALSE(ParseRfc3339("2021-13-22T19:15:00Z").ok());
  EXPECT_FALSE(ParseRfc3339("2021-02-22T19:15:00Zjunk").ok());
}

// The oracle is strtod, the C library's correctly rounded reader (glibc),
// compared bit for bit, over hand-picked cases and 200,000 random prices and
// volumes of up to 15 digits.
TEST(ParseShortDecimalTest, ReadsTheSameDoubleAsStrtod) {
  const auto parse = [](const std::string& text) -> std::optional<double> {
    double value = 0;
    const char* end = ParseShortDecimal(text.data(), text.data() + text.size(), value);
    if (end == nullptr) return std::nullopt;
    EXPECT_EQ(end, text.data() + text.size()) << text;
    return value;
  };
  const auto same_as_strtod = [&](const std::string& text) {
    const std::optional<double> fast = parse(text);
    ASSERT_TRUE(fast.has_value()) << text;
    const double oracle = std::strtod(text.c_str(), nullptr);
    EXPECT_EQ(std::bit_cast<uint64_t>(*fast), std::bit_cast<uint64_t>(oracle)) << text;
  };
  for (const char* text :
       {"0", "-0", "1", "389.12", "388.985", "0.1", "0.3", "-12.5", "49378", "389.062639",
        "999999999999999", "0.00000000000001", "1.23456789012345", "9007199.25474099"}) {
    same_as_strtod(text);
  }
  EXPECT_TRUE(std::signbit(*parse("-0")));
  std::mt19937_64 random(7);
  for (int i = 0; i < 200000; ++i) {
    const int digits = 1 + static_cast<int>(random() % 15);
    const int decimals = static_cast<int>(random() % static_cast<uint64_t>(digits));
    std::string text = (random() % 8 == 0) ? "-" : "";
    for (int d = 0; d < digits; ++d) {
      if (d == digits - decimals && decimals > 0) text += '.';
      text += static_cast<char>('0' + random() % 10);
    }
    same_as_strtod(text);
  }
}

TEST(ParseShortDecimalTest, LeavesOtherFormsToFromChars) {
  double value = 0;
  for (const std::string text : {"1e5", "2.5E-3", "1234567890123456", "0.1234567890123456", ".5",
                                 "5.", "-", "", "abc", "\"1\""}) {
    EXPECT_EQ(ParseShortDecimal(text.data(), text.data() + text.size(), value), nullptr) << text;
  }
  // It stops at the number's end, as a JSON reader needs.
  const std::string text = "42.5,\"h\":1";
  EXPECT_EQ(ParseShortDecimal(text.data(), text.data() + text.size(), value), text.data() + 4);
  EXPECT_EQ(value, 42.5);
}

// Numbers the fast path leaves go through std::from_chars: a frame with
// exponents and long fractions reads the same values.
TEST(FrameParserTest, ReadsNumbersOutsideTheFastPath) {
  FrameParser parser;
  ASSERT_TRUE(parser
                  .Parse(R"([{"T":"b","S":"SPY","o":3.8898e2,"h":389.1300000000000001,)"
                         R"("l":388.975,"c":389.12,"v":4.9378E4,"t":"2021-02-22T19:15:00Z"}])")
                  .ok());
  ASSERT_EQ(parser.events().size(), 1U);
  const model::Bar& bar = parser.events()[0].bar;
  EXPECT_EQ(bar.open, 388.98);
  EXPECT_EQ(bar.high, std::strtod("389.1300000000000001", nullptr));
  EXPECT_EQ(bar.volume, 49378.0);
}

TEST(BuildMessagesTest, WritesTheDocumentedClientMessages) {
  const std::vector<Symbol> symbols = {*Symbol::Parse("SPY"), *Symbol::Parse("IBM")};

  EXPECT_EQ(BuildAuthMessage("key\"1", "secret"),
            R"({"action":"auth","key":"key\"1","secret":"secret"})");
  EXPECT_EQ(BuildSubscribeMessage(symbols),
            R"({"action":"subscribe","bars":["SPY","IBM"],"updatedBars":["SPY","IBM"]})");
  EXPECT_EQ(BuildSubscribeMessage(symbols, false),
            R"({"action":"unsubscribe","bars":["SPY","IBM"],"updatedBars":["SPY","IBM"]})");
}

TEST(BuildMessagesTest, BarMessagesReadBackExactly) {
  model::Bar bar{At("2013-10-08T13:30:00Z"), 168.91, 169.08, 168.5, 168.71, 1234567, 1};
  std::string frame = "[";
  AppendBarMessage(frame, "SPY", bar);
  frame += ',';
  AppendBarMessage(frame, "SPY", bar, /*corrected=*/true);
  frame += ']';
  FrameParser parser;

  ASSERT_TRUE(parser.Parse(frame).ok());

  ASSERT_EQ(parser.events().size(), 2U);
  EXPECT_EQ(parser.events()[0].bar, bar);
  EXPECT_EQ(parser.events()[1].kind, EventKind::kUpdatedBar);
  EXPECT_EQ(parser.events()[1].bar, bar);
}

TEST(ParseRestBarsPageTest, ReadsTheDocumentedMultiSymbolAnswer) {
  const Result<RestBarsPage> page = ParseRestBarsPage(R"({"bars":{
    "AAPL":[{"t":"2022-02-28T05:00:00Z","o":163.02,"h":165.42,"l":162.43,"c":165.12,
             "v":90552883,"n":743379,"vw":164.274348}],
    "TSLA":[{"t":"2022-02-28T05:00:00Z","o":815.72,"h":876.86,"l":814.7075,"c":870.43,
             "v":32122773,"n":848700,"vw":855.748243}]},
    "next_page_token":null})");

  ASSERT_TRUE(page.ok()) << page.error().message();
  ASSERT_EQ(page->bars.size(), 2U);
  EXPECT_EQ(page->bars[1].first.str(), "TSLA");
  EXPECT_DOUBLE_EQ(page->bars[1].second.at(0).low, 814.7075);
  EXPECT_TRUE(page->next_page_token.empty());
}

TEST(ParseRestBarsPageTest, ReadsTheSingleSymbolAnswerAndItsPageToken) {
  const Result<RestBarsPage> page = ParseRestBarsPage(
      R"({"bars":[{"t":"2022-02-28T05:00:00Z","o":1,"h":2,"l":0.5,"c":1.5,"v":3}],)"
      R"("symbol":"AAPL","next_page_token":"QUFQTHxNfDIwMjI="})");

  ASSERT_TRUE(page.ok()) << page.error().message();
  ASSERT_EQ(page->bars.size(), 1U);
  EXPECT_EQ(page->bars[0].first.str(), "AAPL");
  EXPECT_EQ(page->next_page_token, "QUFQTHxNfDIwMjI=");
}

TEST(ParseRestBarsPageTest, RejectsBrokenAnswers) {
  EXPECT_FALSE(ParseRestBarsPage("not json").ok());
  EXPECT_FALSE(ParseRestBarsPage(R"({"bars":{"SPY":[{"t":"x","o":1}]}})").ok());
}

TEST(ParseSymbolArrayTest, ReadsSymbolsAndSkipsTheWildcard) {
  const auto symbols = ParseSymbolArray(R"(["SPY", "*", "BRK.B"])");

  ASSERT_TRUE(symbols.ok());
  ASSERT_EQ(symbols->size(), 2U);
  EXPECT_EQ((*symbols)[1].str(), "BRK.B");
  EXPECT_FALSE(ParseSymbolArray(R"(["SPY", 3])").ok());
}

}  // namespace
}  // namespace tapedeck::feed

namespace tapedeck::feed {
namespace {

TEST(ParseUrlTest, SplitsStreamAndRestUrls) {
  const Result<Url> stream = ParseUrl("wss://stream.data.alpaca.markets/v2/iex");
  const Result<Url> local = ParseUrl("ws://127.0.0.1:8765/v2/iex");
  const Result<Url> rest = ParseUrl("https://data.alpaca.markets");

  ASSERT_TRUE(stream.ok() && local.ok() && rest.ok());
  EXPECT_TRUE(stream->tls);
  EXPECT_EQ(stream->port, "443");
  EXPECT_EQ(stream->target, "/v2/iex");
  EXPECT_FALSE(local->tls);
  EXPECT_EQ(local->host, "127.0.0.1");
  EXPECT_EQ(local->port, "8765");
  EXPECT_EQ(rest->target, "/");
  EXPECT_FALSE(ParseUrl("ftp://example.com").ok());
  EXPECT_FALSE(ParseUrl("ws://host:99999/").ok());
  EXPECT_FALSE(ParseUrl("ws:///path").ok());
}

TEST(EncodeQueryValueTest, EscapesReservedCharacters) {
  EXPECT_EQ(EncodeQueryValue("SPY,IBM"), "SPY%2CIBM");
  EXPECT_EQ(EncodeQueryValue("2013-10-08T13:30:00+01:00"), "2013-10-08T13%3A30%3A00%2B01%3A00");
}

}  // namespace
}  // namespace tapedeck::feed

#include "feed/rest_bars_endpoint.hpp"

#include <gtest/gtest.h>

#include "feed/feed_protocol.hpp"
#include "testkit/bars.hpp"

namespace tapedeck::feed {
namespace {

using namespace std::chrono_literals;

const Timestamp kOpen = *ParseTimestamp("2013-10-08T13:30:00Z");

std::vector<store::SeriesBars> Day() {
  std::vector<store::SeriesBars> day;
  for (const char* name : {"IBM", "SPY"}) {
    store::SeriesBars series{*model::Symbol::Parse(name), model::Interval::Minutes(1), {}};
    for (int minute = 0; minute < 3; ++minute) {
      series.bars.push_back(
          testkit::MakeBar(kOpen + std::chrono::minutes(minute), 10, 11, 9, 10.5, 100 + minute));
    }
    day.push_back(std::move(series));
  }
  return day;
}

TEST(RestBarsEndpointTest, ServesOnlyCompleteBarsPageByPage) {
  const std::vector<store::SeriesBars> day = Day();
  const RestBarsEndpoint endpoint(day, "", "");
  const Timestamp now = kOpen + 2min;  // Minutes 0 and 1 are complete.

  const RestAnswer first =
      endpoint.Answer(true, "/v2/stocks/bars?symbols=SPY,IBM&timeframe=1Min&limit=3", "", "", now);
  const Result<RestBarsPage> first_page = ParseRestBarsPage(first.body);
  ASSERT_TRUE(first_page.ok()) << first.body;
  const RestAnswer second =
      endpoint.Answer(true,
                      "/v2/stocks/bars?symbols=SPY,IBM&timeframe=1Min&limit=3&page_token=" +
                          EncodeQueryValue(first_page->next_page_token),
                      "", "", now);
  const Result<RestBarsPage> second_page = ParseRestBarsPage(second.body);

  EXPECT_EQ(first.status, 200);
  ASSERT_EQ(first_page->bars.size(), 2u);  // IBM's two, then SPY's first.
  EXPECT_EQ(first_page->bars[0].second, (std::vector<model::Bar>{day[0].bars[0], day[0].bars[1]}));
  EXPECT_EQ(first_page->bars[1].second, std::vector<model::Bar>{day[1].bars[0]});
  ASSERT_TRUE(second_page.ok()) << second.body;
  ASSERT_EQ(second_page->bars.size(), 1u);
  EXPECT_EQ(second_page->bars[0].second, std::vector<model::Bar>{day[1].bars[1]});
  EXPECT_TRUE(second_page->next_page_token.empty());
}

TEST(RestBarsEndpointTest, RefusesWrongKeysAndBadRequests) {
  const std::vector<store::SeriesBars> day = Day();
  const RestBarsEndpoint endpoint(day, "key", "secret");
  const Timestamp now = kOpen + 1h;
  const std::string target = "/v2/stocks/SPY/bars?timeframe=1Min";

  EXPECT_EQ(endpoint.Answer(true, target, "key", "secret", now).status, 200);
  EXPECT_EQ(endpoint.Answer(true, target, "key", "wrong", now).status, 403);
  EXPECT_EQ(endpoint.Answer(false, target, "key", "secret", now).status, 405);
  EXPECT_EQ(
      endpoint.Answer(true, "/v2/stocks/SPY/bars?timeframe=5Min", "key", "secret", now).status,
      400);
  EXPECT_EQ(endpoint.Answer(true, "/v2/other", "key", "secret", now).status, 404);
}

}  // namespace
}  // namespace tapedeck::feed

#include "feed/feed_server_command.hpp"

#include <gtest/gtest.h>

namespace tapedeck::feed {
namespace {

TEST(ParseFeedServerOptionsTest, ReadsEveryOption) {
  const std::map<std::string, std::vector<std::string>> values = {{"date", {"2013-10-08"}},
                                                                  {"speed", {"600"}},
                                                                  {"port", {"0"}},
                                                                  {"address", {"0.0.0.0"}},
                                                                  {"fault", {"drop", "malformed"}},
                                                                  {"fault-every", {"30"}},
                                                                  {"tls-cert", {"cert.pem"}},
                                                                  {"tls-key", {"key.pem"}}};

  const Result<FeedServerOptions> options = ParseFeedServerOptions(values);

  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->date, *ParseDate("2013-10-08"));
  EXPECT_DOUBLE_EQ(options->speed, 600);
  EXPECT_EQ(options->port, 0);
  EXPECT_EQ(options->address, "0.0.0.0");
  EXPECT_EQ(options->faults, (std::vector<Fault>{Fault::kDrop, Fault::kMalformed}));
  EXPECT_EQ(options->fault_every, 30);
  EXPECT_EQ(options->tls_cert_file, "cert.pem");
  EXPECT_EQ(options->tls_key_file, "key.pem");
}

TEST(ParseFeedServerOptionsTest, DescribesEveryOptionItReads) {
  std::map<std::string, std::vector<std::string>> values;
  for (const FeedServerFlag& flag : FeedServerFlags()) {
    values[flag.name.substr(2)] = {flag.default_value};
  }
  values["date"] = {"2013-10-08"};
  values["fault"] = {"correct"};
  values["tls-cert"] = {"cert.pem"};
  values["tls-key"] = {"key.pem"};

  const Result<FeedServerOptions> options = ParseFeedServerOptions(values);

  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->faults, std::vector<Fault>{Fault::kCorrect});
}

TEST(ParseFeedServerOptionsTest, NamesTheBadOption) {
  const auto without_date = ParseFeedServerOptions({{"speed", {"60"}}});
  const auto bad_speed = ParseFeedServerOptions({{"date", {"2013-10-08"}}, {"speed", {"fast"}}});
  const auto bad_fault = ParseFeedServerOptions({{"date", {"2013-10-08"}}, {"fault", {"boom"}}});
  const auto bad_port = ParseFeedServerOptions({{"date", {"2013-10-08"}}, {"port", {"70000"}}});
  const auto cert_alone =
      ParseFeedServerOptions({{"date", {"2013-10-08"}}, {"tls-cert", {"cert.pem"}}});

  ASSERT_FALSE(without_date.ok());
  EXPECT_NE(without_date.error().message().find("--date"), std::string::npos);
  ASSERT_FALSE(bad_speed.ok());
  EXPECT_NE(bad_speed.error().message().find("--speed"), std::string::npos);
  ASSERT_FALSE(bad_fault.ok());
  EXPECT_NE(bad_fault.error().message().find("boom"), std::string::npos);
  EXPECT_FALSE(bad_port.ok());
  ASSERT_FALSE(cert_alone.ok());
  EXPECT_NE(cert_alone.error().message().find("--tls-key"), std::string::npos);
}

}  // namespace
}  // namespace tapedeck::feed

// Runs every tests/scenarios/*.scenario file: a session config, input bars
// and expected values of the export at simulated times, run through the
// engine on a MemoryBarStore. The format is documented in
// tests/scenarios/README.md; each file is one test named after it.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "replay/test_session_runs.hpp"
#include "session/session_config.hpp"
#include "session/session_setup.hpp"
#include "testkit/bars.hpp"
#include "testkit/memory_bar_store.hpp"
#include "testkit/sample_bars.hpp"

namespace tapedeck::replay {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// One `POINTER = JSON` or `POINTER ~ NUMBER` line of an `expect` block.
struct Expectation {
  int line = 0;
  std::optional<Timestamp> at;  // nullopt: after the run.
  std::string pointer;
  bool approximate = false;
  Json value;
};

struct Scenario {
  std::string config;
  std::vector<store::SeriesBars> bars;
  std::vector<Expectation> expectations;
};

std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// Drops a ` # comment` (a '#' at the start or after a blank) and trailing blanks.
std::string WithoutComment(const std::string& line) {
  size_t hash = line.find('#');
  while (hash != std::string::npos && hash > 0 && line[hash - 1] != ' ' && line[hash - 1] != '\t')
    hash = line.find('#', hash + 1);
  std::string text = line.substr(0, hash);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0)
    text.pop_back();
  return text;
}

// Parses a scenario; errors name the file's line.
Result<Scenario> ParseScenario(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return Error::NotFound("cannot open {}", path.string());
  Scenario scenario;
  std::string raw;
  int number = 0;
  enum class Block { kNone, kSession, kBars, kExpect } block = Block::kNone;
  store::SeriesBars* series = nullptr;
  std::optional<Timestamp> expect_at;
  const auto fail = [&](std::string_view why) {
    return Error::InvalidArgument("{}:{}: {}", path.filename().string(), number, why);
  };
  const auto time = [&](const std::string& text) -> Result<Timestamp> {
    auto t = ParseTimestamp(text);
    if (!t.ok()) return fail(t.error().message());
    return *t;
  };
  const auto number_of = [&](const std::string& text) -> Result<double> {
    size_t used = 0;
    double value = 0;
    try {
      value = std::stod(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text.size()) return fail("'" + text + "' is not a number");
    return value;
  };
  while (std::getline(in, raw)) {
    ++number;
    if (block == Block::kSession) {
      if (WithoutComment(raw) == "end") {
        block = Block::kNone;
      } else if (raw.find_first_not_of(" \t") == std::string::npos || raw.front() != '#') {
        scenario.config += raw + "\n";
      }
      continue;
    }
    const std::string line = WithoutComment(raw);
    const std::vector<std::string> words = Words(line);
    if (words.empty()) continue;
    if (block == Block::kNone) {
      if (words[0] == "session" && words.size() == 1) {
        block = Block::kSession;
      } else if (words[0] == "bars" && words.size() == 3) {
        auto symbol = model::Symbol::Parse(words[1]);
        auto interval = model::Interval::Parse(words[2]);
        if (!symbol.ok() || !interval.ok()) return fail("bars SYMBOL INTERVAL");
        scenario.bars.push_back({*symbol, *interval, {}});
        series = &scenario.bars.back();
        block = Block::kBars;
      } else if (words[0] == "expect" && words.size() == 2) {
        expect_at.reset();
        if (words[1] != "end") {
          TD_ASSIGN_OR_RETURN(expect_at, time(words[1]));
        }
        block = Block::kExpect;
      } else {
        return fail("expected `session`, `bars SYMBOL INTERVAL` or `expect TIME|end`");
      }
      continue;
    }
    if (words[0] == "end" && words.size() == 1) {
      block = Block::kNone;
      continue;
    }
    if (block == Block::kBars) {
      if (words[0] == "file" && words.size() == 2) {
        const auto bars = testkit::ReadSampleBars(testkit::SourceDir() / words[1]);
        series->bars.insert(series->bars.end(), bars.begin(), bars.end());
      } else if (words[0] == "ramp" && words.size() == 6) {
        TD_ASSIGN_OR_RETURN(const Timestamp from, time(words[1]));
        TD_ASSIGN_OR_RETURN(const Timestamp to, time(words[2]));
        TD_ASSIGN_OR_RETURN(const double price, number_of(words[3]));
        TD_ASSIGN_OR_RETURN(const double step, number_of(words[4]));
        TD_ASSIGN_OR_RETURN(const double volume, number_of(words[5]));
        int k = 0;
        for (Timestamp t = from; t < to; t += series->interval.duration(), ++k) {
          const double p = price + k * step;
          series->bars.push_back(testkit::MakeBar(t, p, p, p, p, volume));
        }
      } else if (words.size() == 6) {
        TD_ASSIGN_OR_RETURN(const Timestamp t, time(words[0]));
        std::array<double, 5> v{};  // Open, high, low, close, volume.
        for (size_t i = 0; i < v.size(); ++i) {
          TD_ASSIGN_OR_RETURN(v[i], number_of(words[i + 1]));
        }
        series->bars.push_back(testkit::MakeBar(t, v[0], v[1], v[2], v[3], v[4]));
      } else {
        return fail(
            "expected `TIME OPEN HIGH LOW CLOSE VOLUME`, `ramp FROM TO PRICE STEP VOLUME`, "
            "`file PATH` or `end`");
      }
      continue;
    }
    // An expectation: POINTER OP VALUE.
    const size_t op = line.find_first_of("=~");
    if (words[0].front() != '/' || op == std::string::npos) {
      return fail("expected `/json/pointer = JSON` or `/json/pointer ~ NUMBER`");
    }
    Expectation expectation{
        number, expect_at, Words(line.substr(0, op)).at(0), line[op] == '~', {}};
    try {
      expectation.value = Json::parse(line.substr(op + 1));
    } catch (const Json::exception& e) {
      return fail(std::string("the expected value is not JSON: ") + e.what());
    }
    if (expectation.approximate && !expectation.value.is_number()) {
      return fail("`~` needs a number");
    }
    scenario.expectations.push_back(std::move(expectation));
  }
  if (block != Block::kNone) return fail("the last block has no `end`");
  for (store::SeriesBars& s : scenario.bars) {
    std::ranges::sort(s.bars, {}, &model::Bar::open_time);
  }
  return scenario;
}

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(testkit::SourceDir() / "tests" / "scenarios")) {
    if (entry.path().extension() == ".scenario") names.push_back(entry.path().stem().string());
  }
  std::ranges::sort(names);
  return names;
}

Json WithoutTiming(Json json) {
  json.erase("timing");
  return json;
}

class ScenarioTest : public testing::TestWithParam<std::string> {};

TEST_P(ScenarioTest, GivesTheExpectedExport) {
  ASSERT_TRUE(SetLogLevel("off").ok());
  const fs::path path = testkit::SourceDir() / "tests" / "scenarios" / (GetParam() + ".scenario");
  const Result<Scenario> scenario = ParseScenario(path);
  ASSERT_TRUE(scenario.ok()) << scenario.error().message();
  ASSERT_FALSE(scenario->expectations.empty()) << path << " expects nothing";

  session::ValidationReport report;
  const auto config = session::ParseSessionConfigText(scenario->config, path.string(), report);
  ASSERT_TRUE(config.ok()) << config.error().message();
  auto setup = session::MakeSessionSetup(*config, test_support::Nyse());
  ASSERT_TRUE(setup.ok()) << setup.error().message();
  testkit::MemoryBarStore store;
  ASSERT_TRUE(store.Write(scenario->bars).ok());

  std::map<Timestamp, Json> exports;
  for (const Expectation& expectation : scenario->expectations) {
    if (!expectation.at || exports.contains(*expectation.at)) continue;
    const Timestamp t = *expectation.at;
    exports[t] = nullptr;
    test_support::ReadAt(*setup, t, [&exports, t](const session::SessionEngine& engine) {
      exports[t] = WithoutTiming(session::ExportSession(engine, {.include_bars = true}));
    });
  }
  test_support::SessionRunner runner(store);
  const auto engine = runner.Run(*std::move(setup));
  const Json at_end = WithoutTiming(session::ExportSession(*engine, {.include_bars = true}));

  for (const Expectation& expectation : scenario->expectations) {
    const Json& out = expectation.at ? exports[*expectation.at] : at_end;
    const std::string where = path.filename().string() + ":" + std::to_string(expectation.line) +
                              ": " + expectation.pointer;
    ASSERT_FALSE(out.is_null()) << where << ": the session never reached that time";
    const Json::json_pointer pointer(expectation.pointer);
    if (!out.contains(pointer)) {
      ADD_FAILURE() << where << " is not in the export";
      continue;
    }
    const Json& actual = out.at(pointer);
    if (expectation.approximate) {
      const double expected = expectation.value.get<double>();
      EXPECT_TRUE(actual.is_number()) << where << " is " << actual.dump();
      if (!actual.is_number()) continue;
      EXPECT_NEAR(actual.get<double>(), expected, 1e-9 * std::max(1.0, std::abs(expected)))
          << where;
    } else {
      EXPECT_EQ(actual, expectation.value)
          << where << ": got " << actual.dump() << ", expected " << expectation.value.dump();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioTest, testing::ValuesIn(ScenarioFiles()),
                         [](const testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           std::ranges::replace_if(
                               name, [](char c) { return std::isalnum(c) == 0; }, '_');
                           return name;
                         });

}  // namespace
}  // namespace tapedeck::replay

// Internal to the session config parser: collects errors and warnings with
// their JSON paths, and reads typed values out of JSON, reporting a wrong
// type instead of throwing. Not thread-safe (one per parse).
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/interval.hpp"
#include "session/session_config.hpp"

namespace tapedeck::session::internal {

using Json = nlohmann::ordered_json;

// `parent.key`, or `key` at the top level.
std::string KeyPath(std::string_view parent, std::string_view key);
// `parent[index]`.
std::string IndexPath(std::string_view parent, size_t index);
// A value as it appears in the file, cut to 40 characters: `"SPY"`, `[1,2]`.
std::string Shown(const Json& value);
// Levenshtein distance.
size_t EditDistance(std::string_view a, std::string_view b);
// "1 error", "3 errors".
std::string Plural(size_t count, std::string_view noun);
// "1m 5m 15m".
std::string JoinIntervals(const std::vector<model::Interval>& intervals);

// How a config treats a key of an object.
enum class KeyUse {
  kUsed,      // Read by tapedeck.
  kIgnored,   // The predecessor's; accepted with a warning saying it is ignored.
  kReplaced,  // The predecessor's legacy block; a warning names what replaces it.
};

struct KeyRule {
  std::string_view name;
  KeyUse use = KeyUse::kUsed;
  std::string_view note = {};  // Why ignored, or what replaces it.
};

class ConfigDiagnostics {
 public:
  explicit ConfigDiagnostics(ValidationReport& report) : report_(report) {}

  void Error(std::string_view path, std::string_view message);
  void Warn(std::string_view path, std::string_view message);
  size_t error_count() const { return report_.errors.size(); }

  // Warns about ignored and replaced keys and reports unknown ones, with a
  // suggestion when a known key is within two edits. Requires: object is an object.
  void CheckKeys(const Json& object, std::string_view path, std::initializer_list<KeyRule> rules);

  // Typed reads: the value, or nullopt after reporting `expected <what>, got <shown>`.
  // `what` describes the expected value ("a date \"YYYY-MM-DD\"").
  std::optional<std::string> String(const Json& value, std::string_view path,
                                    std::string_view what = "a string");
  std::optional<double> Number(const Json& value, std::string_view path,
                               std::string_view what = "a number");
  // An integer in [min, max].
  std::optional<int> Integer(const Json& value, std::string_view path, int min, int max);
  std::optional<bool> Bool(const Json& value, std::string_view path);
  // Reports and returns false unless value is an array / object.
  bool IsArray(const Json& value, std::string_view path, std::string_view what);
  bool IsObject(const Json& value, std::string_view path, std::string_view what);

 private:
  ValidationReport& report_;
};

// An interval written as a string ("5m"); nullopt after reporting a wrong
// type or Interval::Parse's reason.
std::optional<model::Interval> ReadInterval(const Json& value, std::string_view path,
                                            ConfigDiagnostics& diagnostics);

}  // namespace tapedeck::session::internal

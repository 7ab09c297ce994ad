#include "session/config_diagnostics.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace tapedeck::session::internal {

std::string KeyPath(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return fmt::format("{}.{}", parent, key);
}

std::string IndexPath(std::string_view parent, size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

std::string Shown(const Json& value) {
  // dump() throws on invalid UTF-8 by default; replace it instead.
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string Plural(size_t count, std::string_view noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

std::string JoinIntervals(const std::vector<model::Interval>& intervals) {
  std::string text;
  for (const model::Interval interval : intervals) {
    text += fmt::format("{}{}", text.empty() ? "" : " ", interval.ToString());
  }
  return text;
}

void ConfigDiagnostics::Error(std::string_view path, std::string_view message) {
  report_.errors.push_back(fmt::format("{}: {}", path, message));
}

void ConfigDiagnostics::Warn(std::string_view path, std::string_view message) {
  report_.warnings.push_back(fmt::format("{}: {}", path, message));
}

void ConfigDiagnostics::CheckKeys(const Json& object, std::string_view path,
                                  std::initializer_list<KeyRule> rules) {
  for (const auto& item : object.items()) {
    const std::string& key = item.key();
    const std::string key_path = KeyPath(path, key);
    const auto rule = std::ranges::find(rules, std::string_view(key), &KeyRule::name);
    if (rule != rules.end()) {
      if (rule->use == KeyUse::kIgnored) {
        Warn(key_path,
             rule->note.empty() ? std::string("ignored") : fmt::format("ignored ({})", rule->note));
      } else if (rule->use == KeyUse::kReplaced) {
        Warn(key_path, fmt::format("the predecessor's legacy block, ignored: {}", rule->note));
      }
      continue;
    }
    // Suggest the nearest key tapedeck reads (ties: the first in the list).
    std::string_view best;
    size_t best_distance = 3;  // Only edits of at most 2 count as near.
    for (const KeyRule& candidate : rules) {
      if (candidate.use != KeyUse::kUsed) continue;
      const size_t distance = EditDistance(key, candidate.name);
      if (distance < best_distance && distance < std::max<size_t>(key.size(), 2)) {
        best = candidate.name;
        best_distance = distance;
      }
    }
    if (!best.empty()) {
      Error(key_path, fmt::format("unknown key (did you mean \"{}\"?)", best));
      continue;
    }
    std::string known;
    for (const KeyRule& candidate : rules) {
      if (candidate.use != KeyUse::kUsed) continue;
      known += known.empty() ? "" : ", ";
      known += candidate.name;
    }
    Error(key_path, fmt::format("unknown key; expected one of: {}", known));
  }
}

std::optional<std::string> ConfigDiagnostics::String(const Json& value, std::string_view path,
                                                     std::string_view what) {
  if (!value.is_string()) {
    Error(path, fmt::format("expected {}, got {}", what, Shown(value)));
    return std::nullopt;
  }
  return value.get<std::string>();
}

std::optional<double> ConfigDiagnostics::Number(const Json& value, std::string_view path,
                                                std::string_view what) {
  if (!value.is_number()) {
    Error(path, fmt::format("expected {}, got {}", what, Shown(value)));
    return std::nullopt;
  }
  return value.get<double>();
}

std::optional<int> ConfigDiagnostics::Integer(const Json& value, std::string_view path, int min,
                                              int max) {
  const std::string what = fmt::format("an integer from {} to {}", min, max);
  if (!value.is_number()) {
    Error(path, fmt::format("expected {}, got {}", what, Shown(value)));
    return std::nullopt;
  }
  const double number = value.get<double>();
  if (number != std::floor(number) || number < min || number > max) {
    Error(path, fmt::format("expected {}, got {}", what, Shown(value)));
    return std::nullopt;
  }
  return static_cast<int>(number);
}

std::optional<bool> ConfigDiagnostics::Bool(const Json& value, std::string_view path) {
  if (!value.is_boolean()) {
    Error(path, fmt::format("expected true or false, got {}", Shown(value)));
    return std::nullopt;
  }
  return value.get<bool>();
}

bool ConfigDiagnostics::IsArray(const Json& value, std::string_view path, std::string_view what) {
  if (value.is_array()) return true;
  Error(path, fmt::format("expected {}, got {}", what, Shown(value)));
  return false;
}

bool ConfigDiagnostics::IsObject(const Json& value, std::string_view path, std::string_view what) {
  if (value.is_object()) return true;
  Error(path, fmt::format("expected {}, got {}", what, Shown(value)));
  return false;
}

std::optional<model::Interval> ReadInterval(const Json& value, std::string_view path,
                                            ConfigDiagnostics& diagnostics) {
  const std::optional<std::string> text =
      diagnostics.String(value, path, "an interval such as \"5m\"");
  if (!text) return std::nullopt;
  Result<model::Interval> interval = model::Interval::Parse(*text);
  if (!interval.ok()) {
    diagnostics.Error(path, interval.error().message());
    return std::nullopt;
  }
  return *interval;
}

}  // namespace tapedeck::session::internal

// Reads a built-in scanner's or strategy's `config` object: typed values with
// defaults, every error naming its JSON path, unknown keys refused. Not
// thread-safe (one per entry).
#pragma once

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace tapedeck::strategy {

class ConfigReader {
 public:
  // `path` is the config object's JSON path ("scanners[0].config"); a null
  // config reads as an empty object.
  ConfigReader(const nlohmann::ordered_json& config, std::string path);

  // Errors for keys of the object not in `known`.
  void AllowOnly(std::initializer_list<std::string_view> known);
  // The first key of `names` present (aliases), else `fallback`. Numbers must
  // lie in [min, max].
  double Number(std::initializer_list<std::string_view> names, double fallback, double min,
                double max);
  std::string String(std::initializer_list<std::string_view> names, std::string fallback);
  // A list of strings, or one string as a list of one.
  std::vector<std::string> Strings(std::initializer_list<std::string_view> names,
                                   std::vector<std::string> fallback);

  // Ok, or every error, `; `-joined.
  Status status() const;

 private:
  const nlohmann::ordered_json* Find(std::initializer_list<std::string_view> names,
                                     std::string& key) const;

  nlohmann::ordered_json config_;
  std::string path_;
  std::vector<std::string> errors_;
};

}  // namespace tapedeck::strategy

#include "strategy/config_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tapedeck::strategy {

using Json = nlohmann::ordered_json;

ConfigReader::ConfigReader(const Json& config, std::string path)
    : config_(config.is_null() ? Json::object() : config), path_(std::move(path)) {
  if (!config_.is_object()) {
    errors_.push_back(fmt::format("{}: expected an object, got {}", path_, config_.dump()));
    config_ = Json::object();
  }
}

void ConfigReader::AllowOnly(std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : config_.items()) {
    if (std::ranges::find(known, std::string_view(key)) != known.end()) continue;
    std::string list;
    for (const std::string_view name : known)
      list += (list.empty() ? "" : ", ") + std::string(name);
    errors_.push_back(fmt::format("{}.{}: unknown key (known: {})", path_, key, list));
  }
}

const Json* ConfigReader::Find(std::initializer_list<std::string_view> names,
                               std::string& key) const {
  for (const std::string_view name : names) {
    const auto it = config_.find(std::string(name));
    if (it != config_.end()) {
      key = std::string(name);
      return &*it;
    }
  }
  return nullptr;
}

double ConfigReader::Number(std::initializer_list<std::string_view> names, double fallback,
                            double min, double max) {
  std::string key;
  const Json* value = Find(names, key);
  if (value == nullptr) return fallback;
  if (!value->is_number()) {
    errors_.push_back(fmt::format("{}.{}: expected a number, got {}", path_, key, value->dump()));
    return fallback;
  }
  const double number = value->get<double>();
  if (number < min || number > max) {
    errors_.push_back(
        fmt::format("{}.{}: {} is outside [{}, {}]", path_, key, value->dump(), min, max));
    return fallback;
  }
  return number;
}

std::string ConfigReader::String(std::initializer_list<std::string_view> names,
                                 std::string fallback) {
  std::string key;
  const Json* value = Find(names, key);
  if (value == nullptr) return fallback;
  if (!value->is_string()) {
    errors_.push_back(fmt::format("{}.{}: expected a string, got {}", path_, key, value->dump()));
    return fallback;
  }
  return value->get<std::string>();
}

std::vector<std::string> ConfigReader::Strings(std::initializer_list<std::string_view> names,
                                               std::vector<std::string> fallback) {
  std::string key;
  const Json* value = Find(names, key);
  if (value == nullptr) return fallback;
  if (value->is_string()) return {value->get<std::string>()};
  std::vector<std::string> out;
  if (value->is_array() &&
      std::ranges::all_of(*value, [](const Json& item) { return item.is_string(); })) {
    for (const Json& item : *value) out.push_back(item.get<std::string>());
    return out;
  }
  errors_.push_back(fmt::format("{}.{}: expected a string or a list of strings, got {}", path_, key,
                                value->dump()));
  return fallback;
}

Status ConfigReader::status() const {
  if (errors_.empty()) return Status::Ok();
  std::string message = errors_.front();
  for (size_t i = 1; i < errors_.size(); ++i) message += "; " + errors_[i];
  return Error::InvalidArgument("{}", message);
}

}  // namespace tapedeck::strategy

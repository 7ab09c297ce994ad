// CreateStrategyHost: the config's scanner and strategy entries checked and
// built (declared in strategy_host.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "strategy/registry.hpp"
#include "strategy/strategy_host.hpp"

namespace tapedeck::strategy {
namespace {

using Json = nlohmann::ordered_json;

// A path to a shared library rather than a built-in's name.
bool IsModulePath(std::string_view module) {
  return module.find('/') != std::string_view::npos || module.ends_with(".so");
}

void CheckKeys(const Json& entry, const std::string& path,
               std::initializer_list<std::string_view> known, std::vector<std::string>& errors) {
  for (const auto& [key, value] : entry.items()) {
    if (std::ranges::find(known, std::string_view(key)) != known.end()) continue;
    std::string list;
    for (const std::string_view name : known)
      list += (list.empty() ? "" : ", ") + std::string(name);
    errors.push_back(fmt::format("{}.{}: unknown key (known: {})", path, key, list));
  }
}

// `config.universe`: a file with one symbol a line (blank lines and `#`
// comments skipped), or a list of symbols. Relative paths start at the
// working directory.
std::vector<std::string> ReadUniverse(const Json& config, const std::string& path,
                                      std::vector<std::string>& errors) {
  const std::string key = path + ".universe";
  if (!config.is_object() || !config.contains("universe")) {
    errors.push_back(fmt::format("{}: missing required key (a file of symbols, or a list)", key));
    return {};
  }
  const Json& value = config["universe"];
  std::vector<std::string> lines;
  if (value.is_string()) {
    const std::string file = value.get<std::string>();
    std::ifstream in(file);
    if (!in) {
      errors.push_back(
          fmt::format("{}: cannot read universe file \"{}\" (relative paths start at "
                      "the working directory)",
                      key, file));
      return {};
    }
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  } else if (value.is_array() &&
             std::ranges::all_of(value, [](const Json& item) { return item.is_string(); })) {
    for (const Json& item : value) lines.push_back(item.get<std::string>());
  } else {
    errors.push_back(
        fmt::format("{}: expected a file name or a list of symbols, got {}", key, value.dump()));
    return {};
  }
  std::vector<std::string> universe;
  for (std::string line : lines) {
    if (const size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
    const Result<model::Symbol> symbol = model::Symbol::Parse(line);
    if (!symbol.ok()) {
      errors.push_back(fmt::format("{}: {}", key, symbol.error().message()));
      continue;
    }
    if (std::ranges::find(universe, symbol->str()) == universe.end()) {
      universe.push_back(symbol->str());
    }
  }
  if (universe.empty() && errors.empty()) {
    errors.push_back(fmt::format("{}: the universe is empty", key));
  }
  return universe;
}

// The entry's `name`, else the built-in's name, else the module file's stem.
std::string NameOf(const session::PluginConfig& plugin, std::string_view builtin,
                   std::vector<std::string>& errors) {
  if (plugin.raw.contains("name")) {
    const Json& name = plugin.raw["name"];
    if (name.is_string() && !name.get<std::string>().empty()) return name.get<std::string>();
    errors.push_back(
        fmt::format("{}.name: expected a non-empty string, got {}", plugin.json_path, name.dump()));
  }
  if (!builtin.empty()) return std::string(builtin);
  std::string stem = std::filesystem::path(plugin.module).stem().string();
  if (stem.starts_with("lib")) stem = stem.substr(3);
  return stem;
}

template <typename T, typename CreatePlugin>
std::unique_ptr<T> Create(const session::PluginConfig& plugin, const Builtin<T>* builtin,
                          std::string_view kind, const std::string& builtin_names,
                          CreatePlugin create_plugin, std::shared_ptr<PluginLibrary>& library,
                          std::vector<std::string>& errors) {
  const std::string module_path = plugin.json_path + ".module";
  const Json config = plugin.raw.contains("config") ? plugin.raw["config"] : Json::object();
  const std::string config_path = plugin.json_path + ".config";
  if (builtin != nullptr) {
    Result<std::unique_ptr<T>> made = builtin->create(config, config_path);
    if (made.ok()) return std::move(made).value();
    errors.push_back(made.error().message());
    return nullptr;
  }
  if (!IsModulePath(plugin.module)) {
    errors.push_back(fmt::format(
        "{}: unknown {} \"{}\" (built-in: {}; a user module is a path to a .so file, e.g. "
        "\"./build/libmy_{}.so\")",
        module_path, kind, plugin.module, builtin_names, kind));
    return nullptr;
  }
  Result<std::shared_ptr<PluginLibrary>> opened = PluginLibrary::Open(plugin.module);
  if (!opened.ok()) {
    errors.push_back(fmt::format("{}: {}", module_path, opened.error().message()));
    return nullptr;
  }
  library = *opened;
  Result<std::unique_ptr<T>> made = create_plugin(*library, config.dump());
  if (made.ok()) return std::move(made).value();
  errors.push_back(fmt::format("{}: {}", module_path, made.error().message()));
  return nullptr;
}

}  // namespace

Result<std::unique_ptr<StrategyHost>> CreateStrategyHost(const session::SessionConfig& config,
                                                         session::ValidationReport& report) {
  std::vector<std::string> errors;
  std::set<std::string> names;
  const auto unique = [&](const std::string& name, const std::string& path) {
    if (!names.insert(name).second) {
      errors.push_back(
          fmt::format("{}: the name \"{}\" is taken: give this entry a \"name\"", path, name));
    }
  };
  std::vector<ScannerSlot> scanners;
  for (const session::PluginConfig& plugin : config.scanners) {
    if (!plugin.enabled) continue;
    const size_t before = errors.size();
    CheckKeys(plugin.raw, plugin.json_path,
              {"module", "enabled", "name", "pre_session", "regular_session", "config"}, errors);
    ScannerSlot slot;
    slot.schedule = ParseScanSchedule(plugin.raw, plugin.json_path, errors);
    const Json no_config = Json::object();
    slot.universe = ReadUniverse(plugin.raw.contains("config") ? plugin.raw["config"] : no_config,
                                 plugin.json_path + ".config", errors);
    const Builtin<api::Scanner>* builtin = FindBuiltinScanner(plugin.module);
    slot.scanner = Create<api::Scanner>(
        plugin, builtin, "scanner", BuiltinScannerNames(),
        [](const PluginLibrary& library, const std::string& json) {
          return library.CreateScanner(json);
        },
        slot.library, errors);
    slot.name = NameOf(plugin, builtin != nullptr ? builtin->name : "", errors);
    unique(slot.name, plugin.json_path);
    if (errors.size() == before && !slot.schedule.pre_session && slot.schedule.windows.empty()) {
      report.warnings.push_back(fmt::format(
          "{}: neither pre_session nor regular_session: it never scans", plugin.json_path));
    }
    if (errors.size() == before) scanners.push_back(std::move(slot));
  }
  names.clear();  // Scanners and strategies name themselves apart ("scanner X", "strategy X").
  std::vector<StrategySlot> strategies;
  for (const session::PluginConfig& plugin : config.strategies) {
    if (!plugin.enabled) continue;
    const size_t before = errors.size();
    CheckKeys(plugin.raw, plugin.json_path, {"module", "enabled", "name", "config"}, errors);
    StrategySlot slot;
    const Builtin<api::Strategy>* builtin = FindBuiltinStrategy(plugin.module);
    slot.strategy = Create<api::Strategy>(
        plugin, builtin, "strategy", BuiltinStrategyNames(),
        [](const PluginLibrary& library, const std::string& json) {
          return library.CreateStrategy(json);
        },
        slot.library, errors);
    slot.name = NameOf(plugin, builtin != nullptr ? builtin->name : "", errors);
    unique(slot.name, plugin.json_path);
    if (errors.size() == before) strategies.push_back(std::move(slot));
  }
  for (const std::string& error : errors) report.errors.push_back(error);
  if (!errors.empty()) {
    return Error::InvalidArgument("{} error{} in scanners and strategies, the first: {}",
                                  errors.size(), errors.size() == 1 ? "" : "s", errors.front());
  }
  return std::make_unique<StrategyHost>(std::move(scanners), std::move(strategies));
}

}  // namespace tapedeck::strategy

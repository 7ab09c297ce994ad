// The built-in scanners and strategies, by name. Each factory reads its
// entry's `config` object (errors name the JSON path) and returns an object of
// the same API a user module implements. Safe from any thread.
//
// Built-in scanners: gap_scanner (alias scanners.gap_scanner),
// volume_spike_scanner, breakout_52w_scanner. Built-in strategies: sma_cross
// (alias strategies.examples.simple_ma_cross), opening_range_breakout.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "tapedeck/strategy_api.hpp"

namespace tapedeck::strategy {

template <typename T>
struct Builtin {
  using Factory = Result<std::unique_ptr<T>> (*)(const nlohmann::ordered_json& config,
                                                 const std::string& path);
  std::string_view name;
  std::vector<std::string_view> aliases;  // The predecessor's module names.
  Factory create;
};

const std::vector<Builtin<api::Scanner>>& BuiltinScanners();
const std::vector<Builtin<api::Strategy>>& BuiltinStrategies();

// The built-in called `module` (by name or alias); null when there is none.
const Builtin<api::Scanner>* FindBuiltinScanner(std::string_view module);
const Builtin<api::Strategy>* FindBuiltinStrategy(std::string_view module);

// "gap_scanner, volume_spike_scanner, …" for error messages.
std::string BuiltinScannerNames();
std::string BuiltinStrategyNames();

// Factories (registry.cpp lists them).
Result<std::unique_ptr<api::Scanner>> CreateGapScanner(const nlohmann::ordered_json& config,
                                                       const std::string& path);
Result<std::unique_ptr<api::Scanner>> CreateVolumeSpikeScanner(const nlohmann::ordered_json& config,
                                                               const std::string& path);
Result<std::unique_ptr<api::Scanner>> CreateBreakout52wScanner(const nlohmann::ordered_json& config,
                                                               const std::string& path);
Result<std::unique_ptr<api::Strategy>> CreateSmaCross(const nlohmann::ordered_json& config,
                                                      const std::string& path);
Result<std::unique_ptr<api::Strategy>> CreateOpeningRangeBreakout(
    const nlohmann::ordered_json& config, const std::string& path);

}  // namespace tapedeck::strategy

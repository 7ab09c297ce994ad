#include "strategy/registry.hpp"

#include <algorithm>

namespace tapedeck::strategy {
namespace {

template <typename T>
const Builtin<T>* Find(const std::vector<Builtin<T>>& table, std::string_view module) {
  for (const Builtin<T>& builtin : table) {
    if (builtin.name == module ||
        std::ranges::find(builtin.aliases, module) != builtin.aliases.end()) {
      return &builtin;
    }
  }
  return nullptr;
}

template <typename T>
std::string Names(const std::vector<Builtin<T>>& table) {
  std::string names;
  for (const Builtin<T>& builtin : table) {
    names += (names.empty() ? "" : ", ") + std::string(builtin.name);
  }
  return names;
}

}  // namespace

const std::vector<Builtin<api::Scanner>>& BuiltinScanners() {
  static const std::vector<Builtin<api::Scanner>> table = {
      {"gap_scanner", {"scanners.gap_scanner"}, &CreateGapScanner},
      {"volume_spike_scanner", {}, &CreateVolumeSpikeScanner},
      {"breakout_52w_scanner", {}, &CreateBreakout52wScanner},
  };
  return table;
}

const std::vector<Builtin<api::Strategy>>& BuiltinStrategies() {
  static const std::vector<Builtin<api::Strategy>> table = {
      {"sma_cross", {"strategies.examples.simple_ma_cross"}, &CreateSmaCross},
      {"opening_range_breakout", {}, &CreateOpeningRangeBreakout},
  };
  return table;
}

const Builtin<api::Scanner>* FindBuiltinScanner(std::string_view module) {
  return Find(BuiltinScanners(), module);
}

const Builtin<api::Strategy>* FindBuiltinStrategy(std::string_view module) {
  return Find(BuiltinStrategies(), module);
}

std::string BuiltinScannerNames() { return Names(BuiltinScanners()); }
std::string BuiltinStrategyNames() { return Names(BuiltinStrategies()); }

}  // namespace tapedeck::strategy

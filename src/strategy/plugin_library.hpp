// A user module: a shared library with the entry points of
// tapedeck/strategy_api.hpp, loaded with dlopen. Errors name the file and
// what is wrong (missing file, not a shared library, missing entry point, ABI
// version mismatch). The library stays loaded while this object lives: keep it
// alive longer than every object it created. Not thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/status.hpp"
#include "tapedeck/strategy_api.hpp"

namespace tapedeck::strategy {

class PluginLibrary {
 public:
  // Opens `path` and checks tapedeck_plugin_abi_version() == api::kAbiVersion.
  static Result<std::shared_ptr<PluginLibrary>> Open(const std::filesystem::path& path);
  ~PluginLibrary();
  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;

  // Calls the module's create function with `config_json`. Errors when the
  // module has no such entry point, returns null or throws.
  Result<std::unique_ptr<api::Scanner>> CreateScanner(const std::string& config_json) const;
  Result<std::unique_ptr<api::Strategy>> CreateStrategy(const std::string& config_json) const;

  const std::filesystem::path& path() const { return path_; }

 private:
  PluginLibrary(std::filesystem::path path, void* handle)
      : path_(std::move(path)), handle_(handle) {}
  void* Symbol(const char* name) const;

  std::filesystem::path path_;
  void* handle_;
};

}  // namespace tapedeck::strategy

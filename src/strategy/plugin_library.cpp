#include "strategy/plugin_library.hpp"

#include <dlfcn.h>

#include <exception>

namespace tapedeck::strategy {
namespace {

using AbiVersionFn = int (*)();
using CreateScannerFn = api::Scanner* (*)(const char*);
using CreateStrategyFn = api::Strategy* (*)(const char*);

// The module's code may throw: its exceptions end here, at the boundary.
template <typename T, typename Create>
Result<std::unique_ptr<T>> Call(Create create, const std::string& config_json,
                                const std::filesystem::path& path) {
  try {
    std::unique_ptr<T> made(create(config_json.c_str()));
    if (!made)
      return Error::DataError("module {}: its create function returned null", path.string());
    return made;
  } catch (const std::exception& e) {
    return Error::DataError("module {}: creating it failed: {}", path.string(), e.what());
  } catch (...) {
    return Error::DataError("module {}: creating it failed (a non-standard exception)",
                            path.string());
  }
}

}  // namespace

Result<std::shared_ptr<PluginLibrary>> PluginLibrary::Open(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Error::NotFound(
        "module {}: no such file (build it, or fix the path; relative paths "
        "start at the working directory)",
        path.string());
  }
  // A path without a slash would make dlopen search the library path.
  const std::filesystem::path absolute = std::filesystem::absolute(path, error);
  void* handle = dlopen(absolute.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return Error::DataError("module {}: cannot load it: {}", path.string(),
                            why != nullptr ? why : "unknown dlopen error");
  }
  std::shared_ptr<PluginLibrary> library(new PluginLibrary(path, handle));
  void* version = library->Symbol("tapedeck_plugin_abi_version");
  if (version == nullptr) {
    return Error::DataError(
        "module {}: missing entry point tapedeck_plugin_abi_version (is it a tapedeck module? see "
        "TAPEDECK_EXPORT_ABI_VERSION in tapedeck/strategy_api.hpp)",
        path.string());
  }
  const int found = reinterpret_cast<AbiVersionFn>(version)();
  if (found != api::kAbiVersion) {
    return Error::DataError(
        "module {}: ABI version {} does not match this tapedeck's {}: rebuild it against this "
        "tapedeck's headers",
        path.string(), found, api::kAbiVersion);
  }
  return library;
}

PluginLibrary::~PluginLibrary() {
  if (handle_ != nullptr) dlclose(handle_);
}

void* PluginLibrary::Symbol(const char* name) const {
  dlerror();
  return dlsym(handle_, name);
}

Result<std::unique_ptr<api::Scanner>> PluginLibrary::CreateScanner(
    const std::string& config_json) const {
  void* create = Symbol("tapedeck_create_scanner");
  if (create == nullptr) {
    return Error::DataError(
        "module {}: missing entry point tapedeck_create_scanner (not a scanner)", path_.string());
  }
  return Call<api::Scanner>(reinterpret_cast<CreateScannerFn>(create), config_json, path_);
}

Result<std::unique_ptr<api::Strategy>> PluginLibrary::CreateStrategy(
    const std::string& config_json) const {
  void* create = Symbol("tapedeck_create_strategy");
  if (create == nullptr) {
    return Error::DataError(
        "module {}: missing entry point tapedeck_create_strategy (not a strategy)", path_.string());
  }
  return Call<api::Strategy>(reinterpret_cast<CreateStrategyFn>(create), config_json, path_);
}

}  // namespace tapedeck::strategy

#include "core/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>

#include <string>

namespace tapedeck {

Status SetLogLevel(std::string_view level) {
  const spdlog::level::level_enum parsed = spdlog::level::from_str(std::string(level));
  if (parsed == spdlog::level::off && level != "off") {
    return Error::InvalidArgument(
        "'{}' is not a log level: use trace, debug, info, warn, error or off", level);
  }
  spdlog::set_level(parsed);
  return Status::Ok();
}

void InitLogging() {
  if (spdlog::get("tapedeck") != nullptr) return;  // Once per process.
  auto logger = spdlog::stderr_logger_st("tapedeck");
  logger->set_pattern("[%l] %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::info);
}

}  // namespace tapedeck

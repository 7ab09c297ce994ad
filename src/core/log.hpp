// Logging through spdlog, to stderr. Levels: trace, debug, info, warn, error, off.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

#include "core/status.hpp"

namespace tapedeck {

// Parses a level name ("info") and applies it to the default logger.
Status SetLogLevel(std::string_view level);
// Sends log lines to stderr with a short pattern: "[warn] message".
void InitLogging();

}  // namespace tapedeck

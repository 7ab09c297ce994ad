// Internal to the session config: walks a parsed config and builds a
// SessionConfig, sending every error and warning to the diagnostics. Not
// thread-safe (writes diagnostics).
#pragma once

#include "session/config_diagnostics.hpp"
#include "session/session_config.hpp"

namespace tapedeck::session::internal {

// The config as far as it could be read; meaningful only when no error was added.
SessionConfig ParseConfigRoot(const Json& root, ConfigDiagnostics& diagnostics);

}  // namespace tapedeck::session::internal

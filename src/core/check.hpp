// Invariant checks. TD_CHECK is always on; TD_DCHECK vanishes in release
// builds (NDEBUG) and is for hot loops. No user input may ever reach a check:
// validate it where it enters and return an Error instead.
#pragma once

#include <fmt/core.h>

#include <string>

namespace tapedeck::internal {
[[noreturn]] void CheckFailed(const char* file, int line, const char* condition,
                              const std::string& message);
}  // namespace tapedeck::internal

// TD_CHECK(cond) or TD_CHECK(cond, "format {}", args...).
#define TD_CHECK(cond, ...)                                                               \
  do {                                                                                    \
    if (!(cond)) [[unlikely]] {                                                           \
      ::tapedeck::internal::CheckFailed(__FILE__, __LINE__, #cond,                        \
                                        ::tapedeck::internal::CheckMessage(__VA_ARGS__)); \
    }                                                                                     \
  } while (false)

#ifdef NDEBUG
#define TD_DCHECK(cond, ...) \
  do {                       \
  } while (false && (cond))
#else
#define TD_DCHECK(cond, ...) TD_CHECK(cond, __VA_ARGS__)
#endif

namespace tapedeck::internal {
inline std::string CheckMessage() { return {}; }
template <typename... Args>
std::string CheckMessage(fmt::format_string<Args...> format, Args&&... args) {
  return fmt::format(format, std::forward<Args>(args)...);
}
}  // namespace tapedeck::internal

// Errors as values: `Status` (ok or an error) and `Result<T>` (a value or an
// error). Failures the outside world can cause travel up as these, gaining
// context on the way ("loading SPY: reading 1m bars: ..."); bugs use TD_CHECK.
#pragma once

#include <fmt/core.h>

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace tapedeck {

// What kind of failure this is; decides the CLI exit code (user errors 1,
// internal errors 2).
enum class ErrorCode {
  kInvalidArgument,  // Bad user input: a flag, a config key, an interval.
  kDataError,        // Bad data: a CSV row, a broken file.
  kNotFound,         // A missing file, symbol or date range.
  kIoError,          // The operating system or a library refused.
  kInternal,         // A bug or an unexpected library state.
};

std::string_view ToString(ErrorCode code);

class [[nodiscard]] Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  template <typename... Args>
  static Error InvalidArgument(fmt::format_string<Args...> format, Args&&... args) {
    return Error(ErrorCode::kInvalidArgument, fmt::format(format, std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Error DataError(fmt::format_string<Args...> format, Args&&... args) {
    return Error(ErrorCode::kDataError, fmt::format(format, std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Error NotFound(fmt::format_string<Args...> format, Args&&... args) {
    return Error(ErrorCode::kNotFound, fmt::format(format, std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Error IoError(fmt::format_string<Args...> format, Args&&... args) {
    return Error(ErrorCode::kIoError, fmt::format(format, std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Error Internal(fmt::format_string<Args...> format, Args&&... args) {
    return Error(ErrorCode::kInternal, fmt::format(format, std::forward<Args>(args)...));
  }

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // True for failures a user can fix (exit code 1); false for internal ones.
  bool is_user_error() const { return code_ != ErrorCode::kInternal; }

  // Prefixes the message: "context: message". Context is lower case, no colon.
  Error WithContext(std::string_view context) const&;
  Error WithContext(std::string_view context) &&;

 private:
  ErrorCode code_;
  std::string message_;
};

class [[nodiscard]] Status {
 public:
  Status() = default;                                            // Ok.
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design.

  static Status Ok() { return {}; }
  bool ok() const { return ok_; }
  // Requires: !ok().
  const Error& error() const;
  Status WithContext(std::string_view context) const;

 private:
  Error error_{ErrorCode::kInternal, ""};
  bool ok_ = true;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit.
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit.

  bool ok() const { return state_.index() == 0; }
  // Requires: ok().
  T& value() & { return Get(); }
  const T& value() const& { return const_cast<Result*>(this)->Get(); }
  T&& value() && { return std::move(Get()); }
  T& operator*() & { return Get(); }
  const T& operator*() const& { return const_cast<Result*>(this)->Get(); }
  T* operator->() { return &Get(); }
  const T* operator->() const { return &const_cast<Result*>(this)->Get(); }

  // Requires: !ok().
  const Error& error() const;
  Status status() const { return ok() ? Status::Ok() : Status(error()); }
  Result WithContext(std::string_view context) && {
    if (ok()) return std::move(*this);
    return std::get<1>(state_).WithContext(context);
  }

 private:
  T& Get();
  std::variant<T, Error> state_;
};

namespace internal {
[[noreturn]] void DieOnBadAccess(const char* what, const Error* error);
inline Status ToStatus(const Status& status) { return status; }
template <typename T>
Status ToStatus(const Result<T>& result) {
  return result.status();
}
}  // namespace internal

template <typename T>
T& Result<T>::Get() {
  if (!ok()) internal::DieOnBadAccess("value() of a failed Result", &std::get<1>(state_));
  return std::get<0>(state_);
}

template <typename T>
const Error& Result<T>::error() const {
  if (ok()) internal::DieOnBadAccess("error() of an ok Result", nullptr);
  return std::get<1>(state_);
}

}  // namespace tapedeck

#define TD_STATUS_CONCAT_INNER(a, b) a##b
#define TD_STATUS_CONCAT(a, b) TD_STATUS_CONCAT_INNER(a, b)

// Returns the error of a Status or Result expression from the calling function.
#define TD_RETURN_IF_ERROR(expr)                                        \
  do {                                                                  \
    auto td_status_ = ::tapedeck::internal::ToStatus(expr);             \
    if (!td_status_.ok()) return ::tapedeck::Error(td_status_.error()); \
  } while (false)

// `TD_ASSIGN_OR_RETURN(T x, ResultExpr)`: declares x from the value or returns the error.
#define TD_ASSIGN_OR_RETURN(lhs, expr) \
  TD_ASSIGN_OR_RETURN_IMPL(TD_STATUS_CONCAT(td_result_, __LINE__), lhs, expr)
#define TD_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)        \
  auto tmp = (expr);                                    \
  if (!tmp.ok()) return ::tapedeck::Error(tmp.error()); \
  lhs = std::move(tmp).value()

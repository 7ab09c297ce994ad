#include "core/status.hpp"

#include <cstdio>
#include <cstdlib>

namespace tapedeck {

std::string_view ToString(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid argument";
    case ErrorCode::kDataError:
      return "data error";
    case ErrorCode::kNotFound:
      return "not found";
    case ErrorCode::kIoError:
      return "i/o error";
    case ErrorCode::kInternal:
      return "internal error";
  }
  return "unknown error";
}

Error Error::WithContext(std::string_view context) const& {
  return Error(code_, fmt::format("{}: {}", context, message_));
}

Error Error::WithContext(std::string_view context) && {
  message_ = fmt::format("{}: {}", context, message_);
  return std::move(*this);
}

const Error& Status::error() const {
  if (ok_) internal::DieOnBadAccess("error() of an ok Status", nullptr);
  return error_;
}

Status Status::WithContext(std::string_view context) const {
  if (ok_) return *this;
  return error_.WithContext(context);
}

namespace internal {
void DieOnBadAccess(const char* what, const Error* error) {
  std::fprintf(stderr, "tapedeck: fatal: %s%s%s\n", what, error ? ": " : "",
               error ? error->message().c_str() : "");
  std::abort();
}
}  // namespace internal

}  // namespace tapedeck

// A ticker symbol, normalised to upper case: letters, digits, '.' and '-'
// ("BRK.B", "BF-B"), 1 to 16 characters.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace tapedeck::model {

class Symbol {
 public:
  static constexpr size_t kMaxLength = 16;

  // Trims surrounding spaces and upper-cases; errors name the bad character.
  static Result<Symbol> Parse(std::string_view text);

  const std::string& str() const { return name_; }

  friend auto operator<=>(const Symbol&, const Symbol&) = default;
  friend bool operator==(const Symbol&, const Symbol&) = default;

 private:
  explicit Symbol(std::string name) : name_(std::move(name)) {}
  std::string name_;
};

}  // namespace tapedeck::model

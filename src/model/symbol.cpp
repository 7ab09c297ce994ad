#include "model/symbol.hpp"

#include <cctype>

namespace tapedeck::model {

Result<Symbol> Symbol::Parse(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return Error::InvalidArgument("a symbol cannot be empty");
  if (text.size() > kMaxLength) {
    return Error::InvalidArgument("symbol '{}' is too long: at most {} characters", text,
                                  kMaxLength);
  }
  std::string name;
  name.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) == 0 && c != '.' && c != '-') {
      const bool printable = u >= 0x20 && u < 0x7f;
      return Error::InvalidArgument(
          "symbol '{}' has a bad character {}: use letters, digits, '.' and '-' only", text,
          printable ? fmt::format("'{}'", c) : fmt::format("0x{:02x}", u));
    }
    name += static_cast<char>(std::toupper(u));
  }
  if (name.front() == '.' || name.front() == '-') {
    return Error::InvalidArgument("symbol '{}' must start with a letter or digit", text);
  }
  return Symbol(std::move(name));
}

}  // namespace tapedeck::model

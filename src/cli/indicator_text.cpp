#include "cli/indicator_text.hpp"

#include <fmt/format.h>

#include <charconv>
#include <map>

namespace tapedeck::cli {

using model::Interval;

Result<IndicatorRequest> SplitIndicator(std::string_view text) {
  IndicatorRequest request;
  if (const size_t at = text.find('@'); at != std::string_view::npos) {
    TD_ASSIGN_OR_RETURN(request.interval, Interval::Parse(text.substr(at + 1)));
    text = text.substr(0, at);
  }
  const size_t colon = text.find(':');
  request.name = std::string(text.substr(0, colon));
  if (request.name.empty()) {
    return Error::InvalidArgument("expected name[:p1,p2,…][@interval], such as rsi:14@5m");
  }
  if (colon == std::string_view::npos) return request;
  std::string_view list = text.substr(colon + 1);
  while (true) {
    const size_t comma = list.find(',');
    const std::string_view item = list.substr(0, comma);
    double value = 0;
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || error != std::errc() || end != item.data() + item.size()) {
      return Error::InvalidArgument("parameter {} \"{}\" is not a number",
                                    request.params.size() + 1, item);
    }
    request.params.push_back(value);
    if (comma == std::string_view::npos) return request;
    list = list.substr(comma + 1);
  }
}

Result<indicators::IndicatorSpec> ResolveIndicator(const IndicatorRequest& request,
                                                   Interval default_interval) {
  const Interval interval = request.interval.value_or(default_interval);
  const std::vector<std::string_view> names = indicators::IndicatorParamNames(request.name);
  if (request.params.size() > names.size()) {
    if (names.empty()) {
      TD_RETURN_IF_ERROR(indicators::ParseIndicatorSpec(request.name, 0, {}, interval).status());
    }
    std::string listed;
    for (const std::string_view name : names)
      listed += (listed.empty() ? "" : ", ") + std::string(name);
    return Error::InvalidArgument("\"{}\": takes {} parameter{}{}, got {}", request.name,
                                  names.size(), names.size() == 1 ? "" : "s",
                                  listed.empty() ? "" : fmt::format(" ({})", listed),
                                  request.params.size());
  }
  std::map<std::string, double> params;
  for (size_t i = 0; i < request.params.size(); ++i) {
    params[std::string(names[i])] = request.params[i];
  }
  return indicators::ParseIndicatorSpec(request.name, 0, params, interval);
}

}  // namespace tapedeck::cli

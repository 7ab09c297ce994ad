#include "calendar/zone.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "core/check.hpp"

namespace tapedeck::calendar {
namespace internal {

// The transitions of one zone, as parallel arrays sorted by `begins`. Range i
// applies to instants in [begins[i], begins[i + 1]) and has offsets[i] and
// abbreviations[i]. Times are whole seconds: tz transitions always are, and
// seconds cannot overflow where nanoseconds would (the first range starts in
// year -32767).
struct ZoneTable {
  std::string name;
  const date::time_zone* zone = nullptr;
  std::vector<int64_t> begins;        // UTC seconds since the epoch.
  std::vector<int64_t> local_begins;  // begins[i] + offsets[i].
  std::vector<int64_t> offsets;       // Seconds.
  std::vector<std::string> abbreviations;
  // True when local_begins is sorted, which ToUtc's binary search needs. Every
  // real zone has it; a zone without it falls back to the date library.
  bool local_sorted = true;
};

}  // namespace internal

namespace {

namespace chr = std::chrono;
using internal::ZoneTable;

// Precomputing to this year covers every Timestamp (which ends in 2262).
constexpr int kLastTableYear = 2300;

std::unique_ptr<ZoneTable> BuildTable(std::string name, const date::time_zone* zone) {
  auto table = std::make_unique<ZoneTable>();
  table->name = std::move(name);
  table->zone = zone;
  const auto last = date::sys_seconds(date::sys_days(date::year(kLastTableYear) / 1 / 1));
  date::sys_info info = zone->get_info(date::sys_seconds(chr::seconds(0)));
  // Walk back to the zone's first range, then forward to the end.
  while (info.begin > date::sys_seconds::min() + chr::hours(24 * 366)) {
    const date::sys_info before = zone->get_info(info.begin - chr::seconds(1));
    if (before.begin >= info.begin) break;
    info = before;
  }
  while (true) {
    const int64_t begin = info.begin.time_since_epoch().count();
    const int64_t offset = info.offset.count();
    table->begins.push_back(begin);
    table->offsets.push_back(offset);
    table->local_begins.push_back(begin + offset);
    table->abbreviations.push_back(info.abbrev);
    if (info.end >= last) break;
    info = zone->get_info(info.end);
  }
  table->local_sorted = std::is_sorted(table->local_begins.begin(), table->local_begins.end());
  return table;
}

// Index of the range that holds UTC second `s`.
size_t RangeAt(const ZoneTable& table, int64_t s) {
  const auto it = std::upper_bound(table.begins.begin(), table.begins.end(), s);
  return it == table.begins.begin() ? 0 : static_cast<size_t>(it - table.begins.begin() - 1);
}

std::string FormatLocal(LocalTime local) { return FormatDateTime(local, ' '); }

struct Registry {
  std::mutex mutex;
  std::map<std::string, std::unique_ptr<ZoneTable>, std::less<>> tables;
};

Registry& TheRegistry() {
  static Registry* const registry = new Registry();  // Never destroyed: views outlive exit.
  return *registry;
}

}  // namespace

Result<TimeZone> TimeZone::Find(std::string_view name) {
  if (name.empty()) {
    return Error::InvalidArgument(
        "empty time zone name: use an IANA name such as America/New_York");
  }
  Registry& registry = TheRegistry();
  const std::lock_guard lock(registry.mutex);
  if (const auto it = registry.tables.find(name); it != registry.tables.end()) {
    return TimeZone(it->second.get());
  }
  const date::time_zone* zone = nullptr;
  try {  // The date library throws std::runtime_error for unknown zones.
    zone = date::locate_zone(name);
  } catch (const std::exception&) {
    return Error::NotFound(
        "unknown time zone '{}': not in the tz database (/usr/share/zoneinfo); use an IANA name "
        "such as America/New_York or UTC",
        name);
  }
  std::unique_ptr<ZoneTable> table;
  try {
    table = BuildTable(std::string(name), zone);
  } catch (const std::exception& e) {
    return Error::IoError("time zone '{}': reading the tz database: {}", name, e.what());
  }
  const ZoneTable* const raw = table.get();
  registry.tables.emplace(std::string(name), std::move(table));
  return TimeZone(raw);
}

const std::string& TimeZone::name() const { return table_->name; }

Duration TimeZone::offset(Timestamp t) const {
  const int64_t s = chr::floor<chr::seconds>(t).time_since_epoch().count();
  return chr::seconds(table_->offsets[RangeAt(*table_, s)]);
}

LocalTime TimeZone::ToLocal(Timestamp t) const {
  return LocalTime(t.time_since_epoch() + offset(t));
}

std::string_view TimeZone::abbreviation(Timestamp t) const {
  const int64_t s = chr::floor<chr::seconds>(t).time_since_epoch().count();
  return table_->abbreviations[RangeAt(*table_, s)];
}

std::string TimeZone::Format(Timestamp t) const {
  return fmt::format("{} {}", FormatLocal(ToLocal(t)), abbreviation(t));
}

Result<Timestamp> TimeZone::ToUtc(LocalTime local) const {
  const ZoneTable& table = *table_;
  const int64_t l = chr::floor<chr::seconds>(local).time_since_epoch().count();
  const auto nonexistent = [&] {
    return Error::InvalidArgument(
        "local time {} does not exist in {}: the clocks skip it (a daylight-saving gap)",
        FormatLocal(local), table.name);
  };
  const auto ambiguous = [&] {
    return Error::InvalidArgument(
        "local time {} is ambiguous in {}: the clocks show it twice (the end of daylight saving); "
        "give a UTC offset instead",
        FormatLocal(local), table.name);
  };
  if (!table.local_sorted) {
    try {
      const date::local_info info =
          table.zone->get_info(date::local_time<Duration>(local.time_since_epoch()));
      if (info.result == date::local_info::nonexistent) return nonexistent();
      if (info.result == date::local_info::ambiguous) return ambiguous();
      return Timestamp(local.time_since_epoch() - info.first.offset);
    } catch (const std::exception& e) {
      return Error::Internal("time zone {}: {}", table.name, e.what());
    }
  }
  // The last range whose local start is at or before `l`, and the one before
  // it: the only two that can contain `l` (ranges are far longer than offsets).
  const auto it = std::upper_bound(table.local_begins.begin(), table.local_begins.end(), l);
  if (it == table.local_begins.begin()) return nonexistent();
  const size_t i = static_cast<size_t>(it - table.local_begins.begin() - 1);
  const auto contains = [&](size_t k) {
    return k + 1 == table.begins.size() || l < table.begins[k + 1] + table.offsets[k];
  };
  const bool in_current = contains(i);
  const bool in_previous = i > 0 && contains(i - 1);
  if (in_current && in_previous) return ambiguous();
  if (!in_current && !in_previous) return nonexistent();
  const size_t k = in_current ? i : i - 1;
  return Timestamp(local.time_since_epoch() - chr::seconds(table.offsets[k]));
}

const TimeZone& NewYork() {
  static const TimeZone zone = [] {
    Result<TimeZone> found = TimeZone::Find("America/New_York");
    TD_CHECK(found.ok(), "the tz database has no America/New_York (install tzdata): {}",
             found.error().message());
    return *found;
  }();
  return zone;
}

std::string FormatClockTime(Duration since_midnight) {
  const auto minutes = chr::floor<chr::minutes>(since_midnight).count();
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

}  // namespace tapedeck::calendar

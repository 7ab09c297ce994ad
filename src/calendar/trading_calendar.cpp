#include "calendar/trading_calendar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "calendar/zone.hpp"
#include "core/check.hpp"

namespace tapedeck::calendar {
namespace {

namespace chr = std::chrono;

constexpr Date kFirstDate{chr::year(kFirstNyseYear), chr::January, chr::day(1)};
constexpr Date kLastDate{chr::year(kLastNyseYear), chr::December, chr::day(31)};
constexpr std::string_view kUsEquity = "US_EQUITY";

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

Error OutOfRange(Date date) {
  return Error::InvalidArgument("{} is outside the trading calendar's range {}..{}",
                                FormatDate(date), FormatDate(kFirstDate), FormatDate(kLastDate));
}

// The UTC instant of New York wall-clock time `since_midnight` on `date`.
// Session hours never fall in a DST gap (changes happen at 02:00).
Timestamp NewYorkInstant(Date date, Duration since_midnight) {
  const LocalTime local(
      chr::local_days(date.year() / date.month() / date.day()).time_since_epoch() + since_midnight);
  Result<Timestamp> utc = NewYork().ToUtc(local);
  TD_CHECK(utc.ok(), "session time in a DST change: {}", utc.error().message());
  return *utc;
}

std::string HoursText(const SessionHours& hours) {
  const TimeZone& ny = NewYork();
  const auto clock = [&](Timestamp t) {
    const LocalTime local = ny.ToLocal(t);
    return FormatClockTime(local - chr::floor<chr::days>(local));
  };
  const auto utc_clock = [](Timestamp t) { return FormatClockTime(t - chr::floor<chr::days>(t)); };
  return fmt::format("open {}–{} {} ({}–{} UTC)", clock(hours.open), clock(hours.close),
                     ny.abbreviation(hours.open), utc_clock(hours.open), utc_clock(hours.close));
}

}  // namespace

std::string DayInfo::ToString() const {
  switch (kind) {
    case DayKind::kWeekend:
      return "closed: weekend";
    case DayKind::kHoliday:
    case DayKind::kClosure:
      return fmt::format("closed: {}", reason);
    case DayKind::kSession:
      break;
  }
  TD_CHECK(hours.has_value(), "session without hours on {}", FormatDate(date));
  const std::string text = HoursText(*hours);
  if (reason.empty()) return text;
  const TimeZone& ny = NewYork();
  const auto clock = [&](Timestamp t) {
    const LocalTime local = ny.ToLocal(t);
    return FormatClockTime(local - chr::floor<chr::days>(local));
  };
  if (hours->early_close)
    return fmt::format("early close {}: {}; {}", clock(hours->close), reason, text);
  if (ny.ToLocal(hours->open) - chr::floor<chr::days>(ny.ToLocal(hours->open)) != kRegularOpen) {
    return fmt::format("late open {}: {}; {}", clock(hours->open), reason, text);
  }
  return fmt::format("{}; {}", reason, text);
}

Result<TradingCalendar> TradingCalendar::ForExchange(std::string_view name) {
  for (const std::string_view known :
       {kUsEquity, std::string_view("NYSE"), std::string_view("XNYS")}) {
    if (EqualsIgnoreCase(name, known)) return Nyse();
  }
  return Error::InvalidArgument(
      "unknown exchange '{}': the trading calendar knows US_EQUITY (aliases NYSE, XNYS)", name);
}

Date TradingCalendar::first_date() { return kFirstDate; }
Date TradingCalendar::last_date() { return kLastDate; }

const TradingCalendar& TradingCalendar::Nyse() {
  static const TradingCalendar calendar = BuildNyse();
  return calendar;
}

TradingCalendar TradingCalendar::BuildNyse() {
  TradingCalendar calendar;
  calendar.exchange_ = std::string(kUsEquity);
  calendar.reasons_.emplace_back();
  const auto first = chr::sys_days(kFirstDate);
  const auto count = static_cast<size_t>((chr::sys_days(kLastDate) - first).count() + 1);
  calendar.days_.resize(count);
  for (size_t i = 0; i < count; ++i) {
    const Date date(first + chr::days(static_cast<int64_t>(i)));
    const NyseDay rule = ClassifyNyseDay(date);
    Day& day = calendar.days_[i];
    day.kind = rule.kind;
    day.reason = calendar.AddReason(rule.reason);
    if (rule.kind == DayKind::kSession) {
      calendar.SetHours(i, rule.open, rule.close, rule.after_hours_close);
    }
  }
  calendar.CountSessions();
  return calendar;
}

uint16_t TradingCalendar::AddReason(std::string_view reason) {
  const auto it = std::find(reasons_.begin(), reasons_.end(), reason);
  if (it != reasons_.end()) return static_cast<uint16_t>(it - reasons_.begin());
  TD_CHECK(reasons_.size() < 65535, "too many distinct calendar reasons");
  reasons_.emplace_back(reason);
  return static_cast<uint16_t>(reasons_.size() - 1);
}

void TradingCalendar::SetHours(size_t index, Duration open, Duration close,
                               Duration after_hours_close) {
  const Date date = DateAt(index);
  Day& day = days_[index];
  day.pre_market_open = NewYorkInstant(date, kPreMarketOpen);
  day.open = NewYorkInstant(date, open);
  day.close = NewYorkInstant(date, close);
  day.after_hours_close = NewYorkInstant(date, after_hours_close);
  day.early_close = close < kRegularClose;
}

void TradingCalendar::CountSessions() {
  sessions_.clear();
  for (size_t i = 0; i < days_.size(); ++i) {
    days_[i].sessions_before = static_cast<int32_t>(sessions_.size());
    if (days_[i].kind == DayKind::kSession) sessions_.push_back(static_cast<uint32_t>(i));
  }
}

Result<size_t> TradingCalendar::IndexOf(Date date) const {
  if (!date.ok()) return Error::InvalidArgument("not a calendar date");
  if (date < kFirstDate || date > kLastDate) return OutOfRange(date);
  return static_cast<size_t>((chr::sys_days(date) - chr::sys_days(kFirstDate)).count());
}

Date TradingCalendar::DateAt(size_t index) const {
  return Date(chr::sys_days(kFirstDate) + chr::days(static_cast<int64_t>(index)));
}

SessionHours TradingCalendar::HoursAt(size_t index) const {
  const Day& day = days_[index];
  return SessionHours{DateAt(index),       day.pre_market_open,   day.open,
                      day.close,           day.after_hours_close, day.early_close,
                      reasons_[day.reason]};
}

Status TradingCalendar::LoadOverrides(const std::filesystem::path& path) {
  TD_ASSIGN_OR_RETURN(const CalendarOverrides overrides, LoadCalendarOverrides(path));
  return ApplyOverrides(overrides);
}

Status TradingCalendar::ApplyOverrides(const CalendarOverrides& overrides) {
  const auto fail = [&](const OverrideDay& day, std::string_view what, const std::string& message) {
    return Error::DataError("{}: {}.{}: {}", overrides.source, day.json_path, what, message);
  };
  // Validate everything first so that a bad file changes nothing.
  std::set<size_t> seen;
  for (const auto* list : {&overrides.closures, &overrides.early_closes}) {
    for (const OverrideDay& day : *list) {
      Result<size_t> index = IndexOf(day.date);
      if (!index.ok()) return fail(day, "date", index.error().message());
      if (!seen.insert(*index).second) {
        return fail(day, "date", fmt::format("{} appears more than once", FormatDate(day.date)));
      }
    }
  }
  for (const OverrideDay& day : overrides.early_closes) {
    const size_t index = *IndexOf(day.date);
    if (days_[index].kind != DayKind::kSession) {
      return fail(day, "date",
                  fmt::format("{} is not a session ({}), so it cannot close early",
                              FormatDate(day.date), Explain(day.date)->ToString()));
    }
    const LocalTime local_open = NewYork().ToLocal(days_[index].open);
    const Duration open = local_open - chr::floor<chr::days>(local_open);
    if (day.close <= open || day.close >= kRegularClose) {
      return fail(day, "close",
                  fmt::format("{} must be after the open ({}) and before the regular close (16:00)",
                              FormatClockTime(day.close), FormatClockTime(open)));
    }
  }
  TradingCalendar updated = *this;
  for (const OverrideDay& day : overrides.closures) {
    Day& entry = updated.days_[*IndexOf(day.date)];
    entry = Day{};
    entry.kind = DayKind::kClosure;
    entry.reason = updated.AddReason(day.reason);
  }
  for (const OverrideDay& day : overrides.early_closes) {
    const size_t index = *IndexOf(day.date);
    const LocalTime local_open = NewYork().ToLocal(days_[index].open);
    updated.SetHours(index, local_open - chr::floor<chr::days>(local_open), day.close,
                     day.close == kEarlyClose ? kEarlyAfterHoursClose : kAfterHoursClose);
    updated.days_[index].reason = updated.AddReason(day.reason);
  }
  updated.CountSessions();
  *this = std::move(updated);
  return Status::Ok();
}

Result<bool> TradingCalendar::IsSession(Date date) const {
  TD_ASSIGN_OR_RETURN(const size_t index, IndexOf(date));
  return days_[index].kind == DayKind::kSession;
}

Result<std::optional<SessionHours>> TradingCalendar::Session(Date date) const {
  TD_ASSIGN_OR_RETURN(const size_t index, IndexOf(date));
  if (days_[index].kind != DayKind::kSession) return std::optional<SessionHours>();
  return std::optional<SessionHours>(HoursAt(index));
}

Result<DayInfo> TradingCalendar::Explain(Date date) const {
  TD_ASSIGN_OR_RETURN(const size_t index, IndexOf(date));
  const Day& day = days_[index];
  DayInfo info{date, day.kind, reasons_[day.reason], std::nullopt};
  if (day.kind == DayKind::kSession) info.hours = HoursAt(index);
  return info;
}

Result<Date> TradingCalendar::NextSession(Date date) const {
  TD_ASSIGN_OR_RETURN(const size_t index, IndexOf(date));
  const Day& day = days_[index];
  const auto next =
      static_cast<size_t>(day.sessions_before) + (day.kind == DayKind::kSession ? 1 : 0);
  if (next >= sessions_.size()) {
    return Error::InvalidArgument("no session after {} within the calendar's range (ends {})",
                                  FormatDate(date), FormatDate(kLastDate));
  }
  return DateAt(sessions_[next]);
}

Result<Date> TradingCalendar::PreviousSession(Date date) const {
  TD_ASSIGN_OR_RETURN(const size_t index, IndexOf(date));
  const int32_t before = days_[index].sessions_before;
  if (before == 0) {
    return Error::InvalidArgument("no session before {} within the calendar's range (starts {})",
                                  FormatDate(date), FormatDate(kFirstDate));
  }
  return DateAt(sessions_[static_cast<size_t>(before - 1)]);
}

Result<std::vector<Date>> TradingCalendar::SessionsBefore(Date date, int n) const {
  TD_ASSIGN_OR_RETURN(const size_t index, IndexOf(date));
  if (n < 0) return Error::InvalidArgument("cannot count {} sessions back: n must be ≥ 0", n);
  const int32_t before = days_[index].sessions_before;
  if (n > before) {
    return Error::InvalidArgument(
        "{} sessions before {} reach back before {} (the start of the trading calendar; only {} "
        "sessions lie before that date)",
        n, FormatDate(date), FormatDate(kFirstDate), before);
  }
  std::vector<Date> dates;
  dates.reserve(static_cast<size_t>(n));
  for (auto k = static_cast<size_t>(before - n); k < static_cast<size_t>(before); ++k) {
    dates.push_back(DateAt(sessions_[k]));
  }
  return dates;
}

Result<std::vector<Date>> TradingCalendar::SessionsBetween(Date from, Date to) const {
  TD_ASSIGN_OR_RETURN(const size_t first, IndexOf(from));
  TD_ASSIGN_OR_RETURN(const size_t last, IndexOf(to));
  if (first > last) {
    return Error::InvalidArgument("empty date range: {} is after {}", FormatDate(from),
                                  FormatDate(to));
  }
  const auto begin = static_cast<size_t>(days_[first].sessions_before);
  const auto end = static_cast<size_t>(days_[last].sessions_before) +
                   (days_[last].kind == DayKind::kSession ? 1 : 0);
  std::vector<Date> dates;
  dates.reserve(end - begin);
  for (size_t k = begin; k < end; ++k) dates.push_back(DateAt(sessions_[k]));
  return dates;
}

Result<int> TradingCalendar::SlotCount(Date date, model::Interval interval,
                                       SessionPart part) const {
  TD_ASSIGN_OR_RETURN(const size_t index, IndexOf(date));
  if (days_[index].kind != DayKind::kSession) {
    // Still reject intervals that never have slots, so that errors do not
    // depend on the day.
    TD_RETURN_IF_ERROR(calendar::SlotCount(SessionHours{}, interval, part));
    return 0;
  }
  const Day& day = days_[index];
  SessionHours hours;
  hours.pre_market_open = day.pre_market_open;
  hours.open = day.open;
  hours.close = day.close;
  hours.after_hours_close = day.after_hours_close;
  return calendar::SlotCount(hours, interval, part);
}

Result<std::vector<Slot>> TradingCalendar::Slots(Date date, model::Interval interval,
                                                 SessionPart part) const {
  TD_ASSIGN_OR_RETURN(const size_t index, IndexOf(date));
  if (days_[index].kind != DayKind::kSession) {
    TD_RETURN_IF_ERROR(calendar::SlotCount(SessionHours{}, interval, part));
    return std::vector<Slot>();
  }
  return calendar::Slots(HoursAt(index), interval, part);
}

Result<std::optional<SessionHours>> TradingCalendar::SessionAt(Timestamp t) const {
  const LocalTime local = NewYork().ToLocal(t);
  const Date date(chr::sys_days(chr::floor<chr::days>(local).time_since_epoch()));
  TD_ASSIGN_OR_RETURN(const size_t index, IndexOf(date));
  const Day& day = days_[index];
  if (day.kind != DayKind::kSession || t < day.pre_market_open || t >= day.after_hours_close) {
    return std::optional<SessionHours>();
  }
  return std::optional<SessionHours>(HoursAt(index));
}

Result<model::SessionWindow> TradingCalendar::Window(Date date) const {
  TD_ASSIGN_OR_RETURN(const std::optional<SessionHours> hours, Session(date));
  if (!hours) {
    TD_ASSIGN_OR_RETURN(const DayInfo info, Explain(date));
    return Error::InvalidArgument("{} is not a session ({})", FormatDate(date), info.ToString());
  }
  model::SessionWindow window{date,         hours->pre_market_open,   hours->open,
                              hours->close, hours->after_hours_close, true};
  // A week runs Monday to Sunday; the next session is in the same week when
  // fewer days separate it than remain until Monday.
  const auto days = std::chrono::sys_days(date);
  const unsigned weekday = std::chrono::weekday(days).iso_encoding();  // Monday = 1.
  auto next = NextSession(date);
  if (next.ok()) {
    const auto gap = (std::chrono::sys_days(*next) - days).count();
    window.last_of_week = gap > static_cast<long>(7 - weekday);
  }
  return window;
}

}  // namespace tapedeck::calendar

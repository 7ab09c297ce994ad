#include "cli/calendar_command.hpp"

#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "calendar/trading_calendar.hpp"
#include "calendar/zone.hpp"
#include "cli/text_table.hpp"

namespace tapedeck::cli {
namespace {

namespace chr = std::chrono;
using calendar::DayInfo;
using calendar::DayKind;
using calendar::TradingCalendar;

// Without --to, a listing covers this many days from --from.
constexpr int kDefaultListDays = 30;

struct CalendarOptions {
  std::string date;
  std::string from;
  std::string to;
  std::string format = "table";
  std::string overrides;
  std::string exchange = "US_EQUITY";
  bool all = false;
};

std::string NewYorkClock(Timestamp t) {
  const LocalTime local = calendar::NewYork().ToLocal(t);
  return calendar::FormatClockTime(local - chr::floor<chr::days>(local));
}

std::string UtcClock(Timestamp t) {
  return calendar::FormatClockTime(t - chr::floor<chr::days>(t));
}

std::string WeekdayName(Date date) {
  static constexpr const char* kNames[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  return kNames[chr::weekday(chr::sys_days(date)).c_encoding()];
}

std::string KindName(const DayInfo& info) {
  switch (info.kind) {
    case DayKind::kSession:
      return info.hours->early_close ? "early_close" : "open";
    case DayKind::kWeekend:
      return "weekend";
    case DayKind::kHoliday:
      return "holiday";
    case DayKind::kClosure:
      return "closure";
  }
  return "unknown";
}

// What the listing says about a day besides its hours.
std::string Note(const DayInfo& info) {
  if (info.kind != DayKind::kSession) return info.ToString();
  if (info.hours->early_close) return fmt::format("early close: {}", info.reason);
  return info.reason;
}

nlohmann::json ToJson(const DayInfo& info) {
  nlohmann::json day = {{"date", FormatDate(info.date)},
                        {"weekday", WeekdayName(info.date)},
                        {"status", KindName(info)},
                        {"reason", info.reason}};
  if (info.hours) {
    const calendar::SessionHours& hours = *info.hours;
    day["zone"] = std::string(calendar::NewYork().abbreviation(hours.open));
    day["open_local"] = NewYorkClock(hours.open);
    day["close_local"] = NewYorkClock(hours.close);
    day["open"] = FormatTimestamp(hours.open);
    day["close"] = FormatTimestamp(hours.close);
    day["pre_market_open"] = FormatTimestamp(hours.pre_market_open);
    day["after_hours_close"] = FormatTimestamp(hours.after_hours_close);
    day["early_close"] = hours.early_close;
  }
  return day;
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

Result<Date> ParseDateOption(std::string_view option, const std::string& text) {
  Result<Date> date = ParseDate(text);
  if (!date.ok()) return std::move(date).WithContext(option);
  return date;
}

Status Explain(const CliContext& context, const TradingCalendar& trading, Date date,
               const std::string& format) {
  TD_ASSIGN_OR_RETURN(const DayInfo info, trading.Explain(date));
  if (format == "json") {
    context.out << ToJson(info).dump(2) << '\n';
  } else if (format == "csv") {
    context.out << "date,status,reason\n"
                << FormatDate(date) << ',' << KindName(info) << ',' << CsvField(info.ToString())
                << '\n';
  } else {
    context.out << FormatDate(date) << ' ' << WeekdayName(date) << ": " << info.ToString() << '\n';
  }
  return Status::Ok();
}

Status List(const CliContext& context, const TradingCalendar& trading, Date from, Date to,
            const CalendarOptions& options) {
  if (from > to) {
    return Error::InvalidArgument("--from {} is after --to {}", FormatDate(from), FormatDate(to));
  }
  std::vector<DayInfo> days;
  for (chr::sys_days day(from); day <= chr::sys_days(to); day += chr::days(1)) {
    TD_ASSIGN_OR_RETURN(DayInfo info, trading.Explain(Date(day)));
    const bool closed_weekday = info.kind == DayKind::kHoliday || info.kind == DayKind::kClosure;
    if (info.kind == DayKind::kSession || (options.all && closed_weekday)) {
      days.push_back(std::move(info));
    }
  }
  if (options.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const DayInfo& info : days) list.push_back(ToJson(info));
    context.out << list.dump(2) << '\n';
    return Status::Ok();
  }
  if (options.format == "csv") {
    context.out << "date,weekday,status,open_local,close_local,zone,open_utc,close_utc,reason\n";
    for (const DayInfo& info : days) {
      const bool open = info.hours.has_value();
      context.out << fmt::format(
          "{},{},{},{},{},{},{},{},{}\n", FormatDate(info.date), WeekdayName(info.date),
          KindName(info), open ? NewYorkClock(info.hours->open) : "",
          open ? NewYorkClock(info.hours->close) : "",
          open ? std::string(calendar::NewYork().abbreviation(info.hours->open)) : "",
          open ? FormatTimestamp(info.hours->open) : "",
          open ? FormatTimestamp(info.hours->close) : "", CsvField(info.reason));
    }
    return Status::Ok();
  }
  TextTable table({"date", "day", "open", "close", "zone", "open UTC", "close UTC", "note"},
                  {false, false, false, false, false, false, false, false});
  for (const DayInfo& info : days) {
    if (!info.hours) {
      table.AddRow({FormatDate(info.date), WeekdayName(info.date), "", "", "", "", "", Note(info)});
      continue;
    }
    const calendar::SessionHours& hours = *info.hours;
    table.AddRow({FormatDate(info.date), WeekdayName(info.date), NewYorkClock(hours.open),
                  NewYorkClock(hours.close),
                  std::string(calendar::NewYork().abbreviation(hours.open)), UtcClock(hours.open),
                  UtcClock(hours.close), Note(info)});
  }
  table.Print(context.out);
  const auto sessions = std::count_if(days.begin(), days.end(),
                                      [](const DayInfo& info) { return info.hours.has_value(); });
  context.out << fmt::format("{} sessions from {} to {}\n", sessions, FormatDate(from),
                             FormatDate(to));
  return Status::Ok();
}

Status RunCalendar(const CliContext& context, const CalendarOptions& options) {
  TD_ASSIGN_OR_RETURN(TradingCalendar trading, TradingCalendar::ForExchange(options.exchange));
  if (!options.overrides.empty()) TD_RETURN_IF_ERROR(trading.LoadOverrides(options.overrides));
  if (!options.date.empty()) {
    if (!options.from.empty() || !options.to.empty()) {
      return Error::InvalidArgument(
          "give either a DATE to explain or --from/--to to list, not both");
    }
    TD_ASSIGN_OR_RETURN(const Date date, ParseDate(options.date));
    return Explain(context, trading, date, options.format);
  }
  if (options.from.empty()) {
    return Error::InvalidArgument(
        "give a DATE to explain (tapedeck calendar 2024-03-29) or --from to list sessions");
  }
  TD_ASSIGN_OR_RETURN(const Date from, ParseDateOption("--from", options.from));
  Date to = Date(chr::sys_days(from) + chr::days(kDefaultListDays - 1));
  if (!options.to.empty()) {
    TD_ASSIGN_OR_RETURN(to, ParseDateOption("--to", options.to));
  } else if (to > TradingCalendar::last_date()) {
    to = TradingCalendar::last_date();
  }
  return List(context, trading, from, to, options);
}

}  // namespace

void AddCalendarCommand(CLI::App& app, CliContext& context) {
  auto options = std::make_shared<CalendarOptions>();
  CLI::App* command = app.add_subcommand(
      "calendar", "Explain a day of the trading calendar, or list its sessions with their hours");
  command->add_option("date", options->date, "A date to explain, YYYY-MM-DD");
  command->add_option("--from", options->from, "First date of the listing, YYYY-MM-DD");
  command->add_option(
      "--to", options->to,
      fmt::format("Last date of the listing (default: {} days from --from)", kDefaultListDays));
  command->add_option("--format", options->format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  command->add_option("--overrides", options->overrides,
                      "JSON file of closures and early closes announced after this release");
  command->add_option("--exchange", options->exchange, "US_EQUITY (aliases NYSE, XNYS)")
      ->capture_default_str();
  command->add_flag("--all", options->all, "Also list weekdays on which the exchange is closed");
  command->callback([&context, options] {
    context.action = [&context, options] { return RunCalendar(context, *options); };
  });
}

}  // namespace tapedeck::cli

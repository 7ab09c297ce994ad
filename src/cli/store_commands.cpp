#include "cli/store_commands.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>

#include "calendar/zone.hpp"
#include "cli/interrupt_watch.hpp"
#include "cli/text_table.hpp"
#include "store/bar_importer.hpp"
#include "store/duckdb_bar_store.hpp"

namespace tapedeck::cli {
namespace {

namespace chr = std::chrono;
using model::Interval;
using model::Symbol;

Result<std::unique_ptr<store::DuckDbBarStore>> OpenStore(const CliContext& context) {
  return store::DuckDbBarStore::Open(context.db_path);
}

// How a bar's open time is shown: New York time with its zone by default,
// UTC with --utc; daily and weekly bars by their date alone.
class TimeFormat {
 public:
  TimeFormat(bool utc, Interval interval) : utc_(utc), interval_(interval) {}

  std::string Show(Timestamp t) const {
    if (interval_.is_daily_or_longer()) return FormatDate(UtcDate(t));
    if (utc_) return FormatTimestamp(t);
    return calendar::NewYork().Format(t);
  }
  // ISO-8601 that the importer reads back: with Z, or with New York's offset.
  std::string Iso(Timestamp t) const {
    if (interval_.is_daily_or_longer()) return FormatDate(UtcDate(t));
    if (utc_) return FormatTimestamp(t);
    const Duration offset = calendar::NewYork().offset(t);
    std::string local = FormatTimestamp(t + offset);
    local.pop_back();  // The 'Z'.
    const auto minutes =
        chr::duration_cast<chr::minutes>(offset < Duration(0) ? -offset : offset).count();
    return fmt::format("{}{}{:02}:{:02}", local, offset < Duration(0) ? '-' : '+', minutes / 60,
                       minutes % 60);
  }

 private:
  bool utc_;
  Interval interval_;
};

// --from/--to: an ISO instant, a naive New York time, or a date (00:00 New
// York; 00:00 UTC for daily bars, which are stamped there). `end_of_day`
// moves a bare date to the next midnight so that --to includes that day.
Result<Timestamp> ParseBound(std::string_view text, Interval interval, bool end_of_day) {
  TD_ASSIGN_OR_RETURN(const ParsedDateTime parsed, ParseIsoDateTime(text));
  LocalTime local = parsed.local;
  if (!parsed.has_time && end_of_day) local += chr::days(1);
  if (parsed.utc_offset) return Timestamp(local.time_since_epoch() - *parsed.utc_offset);
  if (interval.is_daily_or_longer()) return Timestamp(local.time_since_epoch());
  return calendar::NewYork().ToUtc(local);
}

std::string Number(double value) { return fmt::format("{}", value); }

Status RunImport(CliContext& context, const std::vector<std::string>& files,
                 const std::string& symbol, const std::string& interval, const std::string& tz,
                 bool skip_bad_rows) {
  TD_ASSIGN_OR_RETURN(store::ImportOptions options, ImportOptionsFromFlags(symbol, interval, tz));
  options.skip_bad_rows = skip_bad_rows;
  TD_ASSIGN_OR_RETURN(auto store, OpenStore(context));
  const InterruptWatch interrupt;  // Ctrl-C: the import stops and writes nothing.
  options.cancel = &interrupt.flag();
  return ImportIntoStore(*store, files, options, context.out);
}

Status RunList(CliContext& context, const std::string& format, bool utc) {
  TD_ASSIGN_OR_RETURN(auto store, OpenStore(context));
  return PrintStoreList(*store, format, utc, context.out);
}

}  // namespace

Status ImportIntoStore(store::DuckDbBarStore& store, const std::vector<std::string>& files,
                       const store::ImportOptions& options, std::ostream& out) {
  const std::vector<std::filesystem::path> paths(files.begin(), files.end());
  // Said first (and flushed), as reading can take a while.
  out << fmt::format("reading {} file{} (Ctrl-C stops; nothing is written until all are read)\n",
                     paths.size(), paths.size() == 1 ? "" : "s");
  out.flush();
  TD_ASSIGN_OR_RETURN(const store::ImportReport report, store::ImportFiles(store, paths, options));
  for (const std::string& note : report.notes) out << note << '\n';
  for (const store::SeriesSummary& series : report.written) {
    const TimeFormat format(false, series.interval);
    out << fmt::format("imported {} bars of {} {} ({} → {})\n", series.bar_count,
                       series.symbol.str(), series.interval.ToString(),
                       format.Show(series.first_open), format.Show(series.last_open));
  }
  out << fmt::format(
      "{} bars written to {}{}\n", report.rows_written, store.path().string(),
      report.rows_skipped > 0 ? fmt::format(", {} bad rows skipped", report.rows_skipped) : "");
  return Status::Ok();
}

Status PrintStoreList(store::DuckDbBarStore& store, const std::string& format, bool utc,
                      std::ostream& out) {
  TD_ASSIGN_OR_RETURN(const std::vector<store::SeriesSummary> list, store.List());
  if (format == "json") {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& s : list) {
      rows.push_back({{"symbol", s.symbol.str()},
                      {"interval", s.interval.ToString()},
                      {"first", FormatTimestamp(s.first_open)},
                      {"last", FormatTimestamp(s.last_open)},
                      {"bars", s.bar_count}});
    }
    out << rows.dump(2) << '\n';
    return Status::Ok();
  }
  if (list.empty()) {
    out << fmt::format("the store {} holds no bars yet: add some with tapedeck import FILE\n",
                       store.path().string());
    return Status::Ok();
  }
  TextTable table({"SYMBOL", "INTERVAL", "FIRST", "LAST", "BARS"},
                  {false, false, false, false, true});
  for (const auto& s : list) {
    const TimeFormat show(utc, s.interval);
    table.AddRow({s.symbol.str(), s.interval.ToString(), show.Show(s.first_open),
                  show.Show(s.last_open), std::to_string(s.bar_count)});
  }
  table.Print(out);
  return Status::Ok();
}

namespace {

struct ShowOptions {
  std::string symbol;
  std::string interval = "1m";
  std::string from;
  std::string to;
  std::string format = "table";
  bool utc = false;
  int limit = 0;
};

Status RunShow(CliContext& context, const ShowOptions& options) {
  TD_ASSIGN_OR_RETURN(const Symbol symbol, Symbol::Parse(options.symbol));
  TD_ASSIGN_OR_RETURN(const Interval interval,
                      Interval::Parse(options.interval).WithContext("--interval"));
  Timestamp from = FromUnixNanos(0);
  Timestamp to = FromUnixNanos(std::numeric_limits<int64_t>::max());
  if (!options.from.empty()) {
    TD_ASSIGN_OR_RETURN(from, ParseBound(options.from, interval, false).WithContext("--from"));
  }
  if (!options.to.empty()) {
    TD_ASSIGN_OR_RETURN(to, ParseBound(options.to, interval, true).WithContext("--to"));
  }
  TD_ASSIGN_OR_RETURN(auto store, OpenStore(context));
  TD_ASSIGN_OR_RETURN(std::vector<model::Bar> bars, store->Read(symbol, interval, from, to));
  if (bars.empty()) {
    TD_ASSIGN_OR_RETURN(const auto list, store->List());
    std::string held;
    for (const auto& s : list) {
      if (s.symbol == symbol) held += (held.empty() ? "" : ", ") + s.interval.ToString();
    }
    if (held.empty()) {
      return Error::NotFound(
          "no bars of {} in {}: import them first (tapedeck data list shows "
          "what is stored)",
          symbol.str(), store->path().string());
    }
    if (options.from.empty() && options.to.empty()) {
      return Error::NotFound("no {} bars of {}: the store holds {} (pass --interval)",
                             interval.ToString(), symbol.str(), held);
    }
  }
  if (options.limit > 0 && bars.size() > static_cast<size_t>(options.limit)) {
    bars.resize(static_cast<size_t>(options.limit));
  }
  const TimeFormat show(options.utc, interval);
  if (options.format == "csv") {
    context.out << "timestamp,open,high,low,close,volume\n";
    for (const auto& b : bars) {
      context.out << fmt::format("{},{},{},{},{},{}\n", show.Iso(b.open_time), b.open, b.high,
                                 b.low, b.close, b.volume);
    }
  } else if (options.format == "json") {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& b : bars) {
      rows.push_back({{"timestamp", show.Iso(b.open_time)},
                      {"open", b.open},
                      {"high", b.high},
                      {"low", b.low},
                      {"close", b.close},
                      {"volume", b.volume}});
    }
    context.out << nlohmann::ordered_json{{"symbol", symbol.str()},
                                          {"interval", interval.ToString()},
                                          {"bars", rows}}
                       .dump(2)
                << '\n';
  } else {
    TextTable table({"TIME", "OPEN", "HIGH", "LOW", "CLOSE", "VOLUME"},
                    {false, true, true, true, true, true});
    for (const auto& b : bars) {
      table.AddRow({show.Show(b.open_time), Number(b.open), Number(b.high), Number(b.low),
                    Number(b.close), Number(b.volume)});
    }
    table.Print(context.out);
    context.out << fmt::format("{} bars of {} {}\n", bars.size(), symbol.str(),
                               interval.ToString());
  }
  return Status::Ok();
}

}  // namespace

Result<store::ImportOptions> ImportOptionsFromFlags(const std::string& symbol,
                                                    const std::string& interval,
                                                    const std::string& tz) {
  store::ImportOptions options;
  if (!symbol.empty()) {
    TD_ASSIGN_OR_RETURN(options.symbol, Symbol::Parse(symbol).WithContext("--symbol"));
  }
  if (!interval.empty()) {
    TD_ASSIGN_OR_RETURN(options.interval, Interval::Parse(interval).WithContext("--interval"));
  }
  if (!tz.empty()) {
    TD_ASSIGN_OR_RETURN(const calendar::TimeZone zone,
                        calendar::TimeZone::Find(tz).WithContext("--tz"));
    options.local_to_utc = [zone](LocalTime local) { return zone.ToUtc(local); };
  }
  return options;
}

void AddImportCommand(CLI::App& app, CliContext& context) {
  struct Options {
    std::vector<std::string> files;
    std::string symbol, interval, tz;
    bool skip_bad_rows = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* import_command = app.add_subcommand(
      "import", "Import bar files (CSV or Parquet) into the store, all or nothing");
  import_command
      ->add_option("files", options->files, "CSV or Parquet files, or Parquet dataset folders")
      ->required();
  import_command->add_option("--symbol", options->symbol,
                             "Symbol of the bars (default: from the file name)");
  import_command->add_option(
      "--interval", options->interval,
      "Interval of the bars, such as 1m or 1d (default: from the file name or the "
      "timestamp spacing)");
  import_command->add_option("--tz", options->tz,
                             "Zone of naive timestamps, such as America/New_York");
  import_command->add_flag(
      "--skip-bad-rows", options->skip_bad_rows,
      "Import the good rows and report the bad ones instead of refusing the file");
  import_command->callback([&context, options] {
    context.action = [&context, options] {
      return RunImport(context, options->files, options->symbol, options->interval, options->tz,
                       options->skip_bad_rows);
    };
  });
}

void AddDataCommands(CLI::App& app, CliContext& context) {
  CLI::App* data = app.add_subcommand("data", "Look at the bars in the store");
  data->require_subcommand(1);

  auto list_format = std::make_shared<std::string>("table");
  auto list_utc = std::make_shared<bool>(false);
  CLI::App* list = data->add_subcommand("list", "List stored symbols and intervals");
  list->add_option("--format", *list_format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  list->add_flag("--utc", *list_utc, "Show times in UTC instead of New York time");
  list->callback([&context, list_format, list_utc] {
    context.action = [&context, list_format, list_utc] {
      return RunList(context, *list_format, *list_utc);
    };
  });

  auto show_options = std::make_shared<ShowOptions>();
  CLI::App* show = data->add_subcommand("show", "Print one symbol's bars");
  show->add_option("symbol", show_options->symbol, "Symbol")->required();
  show->add_option("--interval", show_options->interval, "Interval")->capture_default_str();
  show->add_option("--from", show_options->from,
                   "First time or date (New York unless it has Z or an offset)");
  show->add_option("--to", show_options->to, "End time (exclusive) or last date (inclusive)");
  show->add_option("--format", show_options->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  show->add_flag("--utc", show_options->utc, "Show times in UTC instead of New York time");
  show->add_option("--limit", show_options->limit, "Show at most N bars (0: all)");
  show->callback([&context, show_options] {
    context.action = [&context, show_options] { return RunShow(context, *show_options); };
  });
}

void AddExportCommand(CLI::App& app, CliContext& context) {
  auto directory = std::make_shared<std::string>();
  CLI::App* exporter = app.add_subcommand(
      "export", "Write the store as a Parquet dataset partitioned by symbol and year");
  exporter->add_option("--parquet", *directory, "Folder of the dataset")->required();
  exporter->callback([&context, directory] {
    context.action = [&context, directory]() -> Status {
      TD_ASSIGN_OR_RETURN(auto store, OpenStore(context));
      TD_RETURN_IF_ERROR(store->ExportParquet(*directory));
      TD_ASSIGN_OR_RETURN(const auto list, store->List());
      int64_t bars = 0;
      for (const auto& s : list) bars += s.bar_count;
      context.out << fmt::format("exported {} bars of {} series to {}\n", bars, list.size(),
                                 *directory);
      return Status::Ok();
    };
  });
}

}  // namespace tapedeck::cli

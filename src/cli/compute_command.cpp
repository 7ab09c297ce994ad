#include "cli/compute_command.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aggregate/multi_aggregator.hpp"
#include "calendar/trading_calendar.hpp"
#include "calendar/zone.hpp"
#include "cli/indicator_text.hpp"
#include "cli/store_commands.hpp"
#include "core/check.hpp"
#include "indicators/registry.hpp"
#include "quality/score_session.hpp"
#include "store/bar_importer.hpp"

namespace tapedeck::cli {
namespace {

using model::Bar;
using model::Interval;

struct ComputeOptions {
  std::string input;
  std::string symbol;
  std::string interval;
  std::string tz;
  std::vector<std::string> derive;
  std::vector<std::string> indicators;
  std::string output_interval;
  std::string format = "csv";
  bool quality = false;
  bool extended = false;
};

struct ComputedIndicator {
  std::string key;
  indicators::IndicatorSpec spec;
  std::unique_ptr<indicators::Indicator> indicator;
};

// One interval's indicators, its bars of the current session and its quality.
struct Track {
  Interval interval;
  std::vector<size_t> indicators;  // Indexes into the indicator list.
  std::vector<Bar> session_bars;
  std::vector<std::pair<Date, quality::QualityReport>> quality;
};

// One column after the OHLCV ones: an output of an indicator at the output interval.
struct Column {
  size_t indicator;
  size_t output;
  std::string name;
};

// A session and the bars of the file that fall in it, [begin, end) of the kept bars.
struct SessionRange {
  calendar::SessionHours hours;
  model::SessionWindow window;
  size_t begin = 0;
  size_t end = 0;
};

// Runs bars through the aggregator and the indicators as SymbolState does:
// each completed bar (base first, then derived in emission order) updates its
// interval's indicators once; rows of the output interval record the values
// right after their bar's update.
class Computation {
 public:
  Computation(aggregate::MultiAggregator aggregator, std::vector<ComputedIndicator> indicators,
              Interval output_interval, bool extended)
      : aggregator_(std::move(aggregator)),
        indicators_(std::move(indicators)),
        output_(output_interval),
        extended_(extended) {
    tracks_.push_back(Track{aggregator_.base(), {}, {}, {}});
    for (const Interval interval : aggregator_.derived()) {
      tracks_.push_back(Track{interval, {}, {}, {}});
    }
    for (size_t i = 0; i < indicators_.size(); ++i) {
      const ComputedIndicator& computed = indicators_[i];
      FindTrack(computed.spec.interval).indicators.push_back(i);
      if (computed.spec.interval != output_) continue;
      const auto names = computed.indicator->output_names();
      for (size_t output = 0; output < names.size(); ++output) {
        columns_.push_back(Column{
            i, output,
            names.size() == 1 ? computed.key : indicators::OutputKey(computed.key, names[output])});
      }
    }
  }

  void Run(std::span<const Bar> bars, std::span<const SessionRange> sessions) {
    for (const SessionRange& session : sessions) {
      for (Track& track : tracks_) track.session_bars.clear();
      derived_.clear();
      aggregator_.BeginSession(session.window, derived_);
      DeliverDerived();
      for (ComputedIndicator& computed : indicators_) {
        if (computed.indicator->session_anchored()) computed.indicator->Reset();
      }
      for (size_t i = session.begin; i < session.end; ++i) {
        Deliver(tracks_.front(), bars[i]);
        derived_.clear();
        aggregator_.Add(bars[i], derived_);
        DeliverDerived();
      }
      derived_.clear();
      aggregator_.AdvanceTo(extended_ ? session.window.after_hours_close : session.window.close,
                            derived_);
      DeliverDerived();
      for (Track& track : tracks_) {
        // A week has no slots inside one session: it is not scored.
        if (track.interval.unit() == model::IntervalUnit::kWeek) continue;
        track.quality.emplace_back(
            session.hours.date,
            quality::ScoreSession(
                track.session_bars, track.interval, session.hours, session.hours.after_hours_close,
                extended_ ? calendar::SessionPart::kExtended : calendar::SessionPart::kRegular));
      }
    }
  }

  const std::vector<Track>& tracks() const { return tracks_; }
  const std::vector<ComputedIndicator>& indicators() const { return indicators_; }
  const std::vector<Column>& columns() const { return columns_; }
  const std::vector<Bar>& rows() const { return rows_; }
  // Row r's value of column c is cells()[r * columns().size() + c]; NaN until ready.
  const std::vector<double>& cells() const { return cells_; }

 private:
  Track& FindTrack(Interval interval) {
    const auto track = std::ranges::find(tracks_, interval, &Track::interval);
    TD_CHECK(track != tracks_.end(), "no track for {}", interval.ToString());
    return *track;
  }
  void DeliverDerived() {
    for (const aggregate::DerivedBar& derived : derived_) {
      Deliver(FindTrack(derived.interval), derived.bar);
    }
  }
  void Deliver(Track& track, const Bar& bar) {
    for (const size_t index : track.indicators) indicators_[index].indicator->Update(bar);
    track.session_bars.push_back(bar);
    if (track.interval != output_) return;
    rows_.push_back(bar);
    for (const Column& column : columns_) {
      cells_.push_back(indicators_[column.indicator].indicator->values()[column.output]);
    }
  }

  aggregate::MultiAggregator aggregator_;
  std::vector<ComputedIndicator> indicators_;
  Interval output_;
  bool extended_;
  std::vector<Track> tracks_;  // Base first, then derived, shortest first.
  std::vector<Column> columns_;
  std::vector<Bar> rows_;
  std::vector<double> cells_;
  std::vector<aggregate::DerivedBar> derived_;  // Scratch, reused.
};

// Keeps the bars inside each session's regular hours (or extended hours) and
// lists every session from the first bar's to the last bar's, so that a
// session without bars still shows in the quality report.
struct Grouped {
  std::vector<Bar> bars;
  std::vector<SessionRange> sessions;
  int64_t outside_hours = 0;    // In a session's extended hours but not its regular hours.
  int64_t outside_session = 0;  // Overnight, weekends, holidays.
};

Result<Grouped> GroupBySession(const std::vector<Bar>& bars, Interval base, bool extended,
                               const calendar::TradingCalendar& calendar) {
  Grouped grouped;
  std::vector<Date> dates;  // The session of each kept bar.
  for (const Bar& bar : bars) {
    std::optional<calendar::SessionHours> hours;
    if (base.is_daily_or_longer()) {
      TD_ASSIGN_OR_RETURN(hours, calendar.Session(UtcDate(bar.open_time)));
    } else {
      TD_ASSIGN_OR_RETURN(hours, calendar.SessionAt(bar.open_time));
    }
    if (!hours) {
      ++grouped.outside_session;
      continue;
    }
    if (!extended && !base.is_daily_or_longer() &&
        (bar.open_time < hours->open || bar.open_time >= hours->close)) {
      ++grouped.outside_hours;
      continue;
    }
    grouped.bars.push_back(bar);
    dates.push_back(hours->date);
  }
  if (grouped.bars.empty()) return grouped;
  TD_ASSIGN_OR_RETURN(const std::vector<Date> days,
                      calendar.SessionsBetween(dates.front(), dates.back()));
  size_t next = 0;
  for (const Date day : days) {
    TD_ASSIGN_OR_RETURN(const std::optional<calendar::SessionHours> hours, calendar.Session(day));
    TD_CHECK(hours.has_value(), "SessionsBetween listed a closed day");
    TD_ASSIGN_OR_RETURN(const model::SessionWindow window, calendar.Window(day));
    SessionRange range{*hours, window, next, next};
    while (next < dates.size() && dates[next] == day) ++next;
    range.end = next;
    grouped.sessions.push_back(std::move(range));
  }
  return grouped;
}

std::string Cell(double value) { return std::isnan(value) ? "" : fmt::format("{}", value); }

nlohmann::ordered_json JsonValue(double value) {
  return std::isnan(value) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
}

// 99.7 for 99.74: rounded down, so that only a full session reads 100.
std::string Percent(std::optional<double> score) {
  return score ? fmt::format("{}%", std::floor(*score * 10) / 10) : "–";
}

void PrintCsv(const Computation& computation, std::ostream& out) {
  fmt::memory_buffer text;
  fmt::format_to(std::back_inserter(text), "timestamp,open,high,low,close,volume");
  for (const Column& column : computation.columns()) {
    fmt::format_to(std::back_inserter(text), ",{}", column.name);
  }
  text.push_back('\n');
  const size_t width = computation.columns().size();
  for (size_t row = 0; row < computation.rows().size(); ++row) {
    const Bar& bar = computation.rows()[row];
    fmt::format_to(std::back_inserter(text), "{},{},{},{},{},{}", FormatTimestamp(bar.open_time),
                   bar.open, bar.high, bar.low, bar.close, bar.volume);
    for (size_t column = 0; column < width; ++column) {
      fmt::format_to(std::back_inserter(text), ",{}",
                     Cell(computation.cells()[row * width + column]));
    }
    text.push_back('\n');
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void PrintQualityLines(const Computation& computation, std::ostream& err) {
  for (const Track& track : computation.tracks()) {
    for (const auto& [date, report] : track.quality) {
      std::string gaps;
      for (const model::Gap& gap : report.gaps) {
        gaps += fmt::format("{} [{}, {}) {} missing", gaps.empty() ? ":" : ",",
                            FormatTimestamp(gap.start), FormatTimestamp(gap.end), gap.missing_bars);
      }
      err << fmt::format("quality {} {}: {}/{} {} gaps {}{}\n", track.interval.ToString(),
                         FormatDate(date), report.present_bars, report.expected_bars,
                         Percent(report.score()), report.gaps.size(), gaps);
    }
  }
}

nlohmann::ordered_json QualityJson(const Computation& computation) {
  nlohmann::ordered_json quality = nlohmann::ordered_json::object();
  for (const Track& track : computation.tracks()) {
    nlohmann::ordered_json sessions = nlohmann::ordered_json::array();
    for (const auto& [date, report] : track.quality) {
      nlohmann::ordered_json gaps = nlohmann::ordered_json::array();
      for (const model::Gap& gap : report.gaps) {
        gaps.push_back({{"start", FormatTimestamp(gap.start)},
                        {"end", FormatTimestamp(gap.end)},
                        {"missing", gap.missing_bars}});
      }
      const std::optional<double> score = report.score();
      sessions.push_back({{"session", FormatDate(date)},
                          {"score", score ? nlohmann::ordered_json(*score) : nullptr},
                          {"expected", report.expected_bars},
                          {"present", report.present_bars},
                          {"gaps", gaps}});
    }
    quality[track.interval.ToString()] = sessions;
  }
  return quality;
}

void PrintJson(const Computation& computation, const model::Symbol& symbol, Interval output,
               bool with_quality, std::ostream& out) {
  nlohmann::ordered_json bars = nlohmann::ordered_json::array();
  const size_t width = computation.columns().size();
  for (size_t row = 0; row < computation.rows().size(); ++row) {
    const Bar& bar = computation.rows()[row];
    nlohmann::ordered_json values = nlohmann::ordered_json::object();
    for (size_t column = 0; column < width; ++column) {
      const Column& c = computation.columns()[column];
      const ComputedIndicator& computed = computation.indicators()[c.indicator];
      const double value = computation.cells()[row * width + column];
      const auto names = computed.indicator->output_names();
      if (names.size() == 1) {
        values[computed.key] = JsonValue(value);
      } else {
        values[computed.key][std::string(names[c.output])] = JsonValue(value);
      }
    }
    bars.push_back({{"timestamp", FormatTimestamp(bar.open_time)},
                    {"open", bar.open},
                    {"high", bar.high},
                    {"low", bar.low},
                    {"close", bar.close},
                    {"volume", bar.volume},
                    {"indicators", values}});
  }
  nlohmann::ordered_json document = {
      {"symbol", symbol.str()}, {"interval", output.ToString()}, {"bars", bars}};
  if (with_quality) document["quality"] = QualityJson(computation);
  out << document.dump(2) << '\n';
}

std::string JoinIntervals(std::span<const Interval> intervals) {
  std::string text;
  for (const Interval interval : intervals) {
    text += (text.empty() ? "" : ", ") + interval.ToString();
  }
  return text;
}

Status RunCompute(CliContext& context, const ComputeOptions& options) {
  // Every flag is checked before the file is read.
  TD_ASSIGN_OR_RETURN(const store::ImportOptions read_options,
                      ImportOptionsFromFlags(options.symbol, options.interval, options.tz));
  std::vector<Interval> derive;
  for (const std::string& text : options.derive) {
    TD_ASSIGN_OR_RETURN(const Interval interval, Interval::Parse(text).WithContext("--derive"));
    derive.push_back(interval);
  }
  std::optional<Interval> output;
  if (!options.output_interval.empty()) {
    TD_ASSIGN_OR_RETURN(output,
                        Interval::Parse(options.output_interval).WithContext("--output-interval"));
  }
  std::vector<IndicatorRequest> requests;
  for (const std::string& text : options.indicators) {
    TD_ASSIGN_OR_RETURN(IndicatorRequest request,
                        SplitIndicator(text).WithContext(fmt::format("--indicator {}", text)));
    requests.push_back(std::move(request));
  }
  TD_ASSIGN_OR_RETURN(const calendar::TradingCalendar calendar,
                      calendar::TradingCalendar::ForExchange("NYSE"));

  TD_ASSIGN_OR_RETURN(store::BarFile file, store::ReadBarFile(options.input, read_options));
  if (file.series.size() > 1 && read_options.symbol) {
    // The file has a symbol column: --symbol picks one of its symbols.
    store::ImportOptions by_column = read_options;
    by_column.symbol.reset();
    TD_ASSIGN_OR_RETURN(file, store::ReadBarFile(options.input, by_column));
    std::erase_if(file.series, [&](const store::SeriesBars& series) {
      return !(series.symbol == *read_options.symbol);
    });
    if (file.series.empty()) {
      return Error::NotFound("--symbol {}: {} holds no bars of {}", read_options.symbol->str(),
                             options.input, read_options.symbol->str());
    }
  }
  if (file.series.size() != 1) {
    std::string held;
    for (const store::SeriesBars& series : file.series) {
      held += fmt::format("{}{} {}", held.empty() ? "" : ", ", series.symbol.str(),
                          series.interval.ToString());
    }
    return Error::InvalidArgument(
        "{} holds {} series ({}): compute reads one symbol at one interval (--symbol picks a "
        "symbol)",
        options.input, file.series.size(), held);
  }
  const store::SeriesBars& series = file.series.front();
  const Interval base = series.interval;

  TD_ASSIGN_OR_RETURN(aggregate::MultiAggregator aggregator,
                      aggregate::MultiAggregator::Create(base, derive, {}, options.extended)
                          .WithContext("--derive"));
  std::vector<Interval> intervals = {base};
  intervals.insert(intervals.end(), aggregator.derived().begin(), aggregator.derived().end());
  const Interval output_interval = output.value_or(derive.empty() ? base : derive.front());
  if (std::ranges::find(intervals, output_interval) == intervals.end()) {
    return Error::InvalidArgument(
        "--output-interval {}: not among the intervals computed ({}); add it to --derive",
        output_interval.ToString(), JoinIntervals(intervals));
  }

  std::vector<ComputedIndicator> computed;
  for (size_t i = 0; i < requests.size(); ++i) {
    const std::string flag = fmt::format("--indicator {}", options.indicators[i]);
    TD_ASSIGN_OR_RETURN(indicators::IndicatorSpec spec,
                        ResolveIndicator(requests[i], base).WithContext(flag));
    if (std::ranges::find(intervals, spec.interval) == intervals.end()) {
      return Error::InvalidArgument("{}: {} bars are not computed ({}); add {} to --derive", flag,
                                    spec.interval.ToString(), JoinIntervals(intervals),
                                    spec.interval.ToString());
    }
    std::string key = indicators::IndicatorKey(spec);
    if (std::ranges::find(computed, key, &ComputedIndicator::key) != computed.end()) continue;
    TD_ASSIGN_OR_RETURN(auto indicator, indicators::CreateIndicator(spec).WithContext(flag));
    if (spec.interval != output_interval) {
      file.notes.push_back(fmt::format(
          "{} is computed on {} bars and not shown: the output interval is {} "
          "(--output-interval {} shows it)",
          key, spec.interval.ToString(), output_interval.ToString(), spec.interval.ToString()));
    }
    computed.push_back(ComputedIndicator{std::move(key), std::move(spec), std::move(indicator)});
  }

  // Notes only once every flag has been accepted: an error stays one line.
  for (size_t i = 0; i < file.notes.size(); ++i) {
    // The importer notes each series; the symbols dropped by --symbol repeat them.
    const auto first = file.notes.begin() + static_cast<std::ptrdiff_t>(i);
    if (std::find(file.notes.begin(), first, file.notes[i]) == first) {
      context.err << "note: " << file.notes[i] << '\n';
    }
  }
  TD_ASSIGN_OR_RETURN(const Grouped grouped,
                      GroupBySession(series.bars, base, options.extended, calendar));
  const auto read = static_cast<int64_t>(series.bars.size());
  if (grouped.outside_hours > 0) {
    context.err << fmt::format(
        "note: dropped {} of {} bars outside regular hours (--extended keeps pre- and "
        "after-hours bars)\n",
        grouped.outside_hours, read);
  }
  if (grouped.outside_session > 0) {
    context.err << fmt::format(
        "note: dropped {} of {} bars outside every NYSE session (nights, weekends, holidays)\n",
        grouped.outside_session, read);
  }
  if (grouped.bars.empty()) {
    return Error::InvalidArgument("{}: none of its {} bars falls in a NYSE session's {}",
                                  options.input, read,
                                  options.extended ? "hours" : "regular hours (try --extended)");
  }

  Computation computation(std::move(aggregator), std::move(computed), output_interval,
                          options.extended);
  computation.Run(grouped.bars, grouped.sessions);
  if (options.format == "json") {
    PrintJson(computation, series.symbol, output_interval, options.quality, context.out);
    return Status::Ok();
  }
  PrintCsv(computation, context.out);
  if (options.quality) PrintQualityLines(computation, context.err);
  return Status::Ok();
}

}  // namespace

void AddComputeCommand(CLI::App& app, CliContext& context) {
  auto options = std::make_shared<ComputeOptions>();
  CLI::App* compute = app.add_subcommand(
      "compute",
      "Derive bars, indicators and quality from a bar file, without the store, to check our "
      "numbers");
  compute->add_option("--input", options->input, "CSV or Parquet file of one symbol's bars")
      ->required();
  compute->add_option("--symbol", options->symbol,
                      "Symbol of the bars (default: from the file name); picks one symbol of a "
                      "file with a symbol column");
  compute->add_option("--interval", options->interval,
                      "Interval of the bars, such as 1m (default: from the file name or the "
                      "timestamp spacing)");
  compute->add_option("--tz", options->tz, "Zone of naive timestamps, such as America/New_York");
  compute->add_option("--derive", options->derive, "Intervals to derive, such as 5m,15m")
      ->delimiter(',');
  compute->add_option("--indicator", options->indicators,
                      "name[:p1,p2,…][@interval], repeatable, such as rsi:14@5m, bbands:20,2@15m "
                      "or vwap (parameters in TA-Lib's order; interval default: --interval)");
  compute->add_option("--output-interval", options->output_interval,
                      "Interval of the rows printed (default: the first of --derive, else the "
                      "file's interval)");
  compute->add_flag("--quality", options->quality,
                    "Report quality per interval and session (CSV: on stderr)");
  compute->add_option("--format", options->format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  compute->add_flag("--extended", options->extended, "Keep pre-market and after-hours bars");
  compute->callback([&context, options] {
    context.action = [&context, options] { return RunCompute(context, *options); };
  });
}

}  // namespace tapedeck::cli

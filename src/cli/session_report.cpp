#include "cli/session_report.hpp"

#include <fmt/format.h>

#include <cmath>

#include "calendar/zone.hpp"
#include "cli/text_table.hpp"

namespace tapedeck::cli {
namespace {

std::string Value(double v) { return std::isnan(v) ? "–" : fmt::format("{:.4f}", v); }

std::string Score(const quality::QualityReport& report) {
  const std::optional<double> score = report.score();
  return score ? fmt::format("{:.1f}%", *score) : "–";
}

quality::QualityReport ReportOf(const loading::IntervalSeries& series) {
  return series.quality ? series.quality->report() : quality::QualityReport{};
}

std::string Number(double value) { return fmt::format("{}", value); }

}  // namespace

void PrintSymbolReport(const model::Symbol& symbol, const session::SymbolRecord& record,
                       std::ostream& out) {
  out << fmt::format("\n{}  added by {} at {}\n", symbol.str(), session::ToString(record.added_by),
                     calendar::NewYork().Format(record.added_at));
  TextTable bars({"INTERVAL", "BARS", "QUALITY", "GAPS"}, {false, true, true, true});
  for (const loading::IntervalSeries& series : record.state->series()) {
    const quality::QualityReport report = ReportOf(series);
    bars.AddRow({series.interval.ToString(), std::to_string(series.bars.size()), Score(report),
                 std::to_string(report.gaps.size())});
  }
  bars.Print(out);
  TextTable indicators({"INDICATOR", "VALUE", "READY"}, {false, true, false});
  for (const loading::IndicatorState& indicator : record.state->indicators()) {
    const auto values = indicator.indicator->values();
    const auto names = indicator.indicator->output_names();
    for (size_t i = 0; i < values.size(); ++i) {
      const std::string key =
          values.size() == 1 ? indicator.key : indicator.key + "." + std::string(names[i]);
      indicators.AddRow({key, Value(values[i]), indicator.indicator->ready() ? "yes" : "no"});
    }
  }
  for (const loading::HistoricalIndicatorState& historical :
       record.state->historical_indicators()) {
    for (const auto& [name, value] : historical.value.outputs) {
      const std::string key = historical.value.outputs.size() == 1
                                  ? historical.key
                                  : historical.key + "." + std::string(name);
      indicators.AddRow({key, Value(value), historical.value.ready ? "yes" : "no"});
    }
  }
  if (indicators.size() > 0) indicators.Print(out);
  const loading::SessionMetrics& metrics = record.state->metrics();
  out << fmt::format("metrics: volume {}, high {}, low {}, last update {}\n",
                     Number(metrics.volume), metrics.high ? Number(*metrics.high) : "–",
                     metrics.low ? Number(*metrics.low) : "–",
                     metrics.last_update ? calendar::NewYork().Format(*metrics.last_update) : "–");
}

Status PrintSymbolBars(const session::SymbolRecord& record, model::Interval interval, size_t count,
                       std::ostream& out) {
  const loading::IntervalSeries* series = record.state->FindSeries(interval);
  if (series == nullptr) {
    std::string held;
    for (const loading::IntervalSeries& s : record.state->series()) {
      held += (held.empty() ? "" : ", ") + s.interval.ToString();
    }
    return Error::InvalidArgument("{} has no {} bars in this session: its intervals are {}",
                                  record.state->symbol().str(), interval.ToString(), held);
  }
  const size_t first = count == 0 || series->bars.size() <= count ? 0 : series->bars.size() - count;
  TextTable table({"TIME", "OPEN", "HIGH", "LOW", "CLOSE", "VOLUME"},
                  {false, true, true, true, true, true});
  for (size_t i = first; i < series->bars.size(); ++i) {
    const model::Bar& b = series->bars[i];
    table.AddRow({calendar::NewYork().Format(b.open_time), Number(b.open), Number(b.high),
                  Number(b.low), Number(b.close), Number(b.volume)});
  }
  if (table.size() > 0) table.Print(out);
  out << fmt::format("{} of {} {} bars of {} today\n", series->bars.size() - first,
                     series->bars.size(), interval.ToString(), record.state->symbol().str());
  return Status::Ok();
}

void PrintSymbolQuality(const session::SymbolRecord& record, std::ostream& out) {
  TextTable table({"INTERVAL", "EXPECTED", "PRESENT", "QUALITY", "GAPS"},
                  {false, true, true, true, true});
  TextTable gaps({"INTERVAL", "GAP START", "GAP END", "MISSING"}, {false, false, false, true});
  for (const loading::IntervalSeries& series : record.state->series()) {
    const quality::QualityReport report = ReportOf(series);
    table.AddRow({series.interval.ToString(), std::to_string(report.expected_bars),
                  std::to_string(report.present_bars), Score(report),
                  std::to_string(report.gaps.size())});
    for (const model::Gap& gap : report.gaps) {
      gaps.AddRow({series.interval.ToString(), calendar::NewYork().Format(gap.start),
                   calendar::NewYork().Format(gap.end), std::to_string(gap.missing_bars)});
    }
  }
  table.Print(out);
  if (gaps.size() > 0) {
    out << '\n';
    gaps.Print(out);
  }
}

void PrintRunSummary(const session::SessionEngine& engine, std::ostream& out) {
  for (const auto& [symbol, record] : engine.symbols()) PrintSymbolReport(symbol, record, out);
  const session::SessionMetricsTotals& totals = engine.totals();
  const double seconds = std::chrono::duration<double>(totals.wall_time).count();
  out << fmt::format("\n{} session{}, {} symbol{}, {} base bars\n", totals.days,
                     totals.days == 1 ? "" : "s", engine.symbols().size(),
                     engine.symbols().size() == 1 ? "" : "s", totals.base_bars);
  out << fmt::format("timing: {:.3f} s, {:.0f} bars/s\n", seconds,
                     seconds > 0 ? static_cast<double>(totals.base_bars) / seconds : 0.0);
}

}  // namespace tapedeck::cli

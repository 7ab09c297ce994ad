#include "store/bar_store.hpp"

#include "core/check.hpp"

namespace tapedeck::store {

Status BarStore::Write(std::span<const SeriesBars> series) {
  TD_ASSIGN_OR_RETURN(std::unique_ptr<BarWriter> writer, BeginWrite());
  for (const SeriesBars& one : series) TD_RETURN_IF_ERROR(writer->Add(one));
  return writer->Commit();
}

Status BarStore::ReadMany(std::span<const model::Symbol> symbols, model::Interval interval,
                          Timestamp from, Timestamp to,
                          std::span<std::vector<model::Bar>* const> out) {
  TD_CHECK(out.size() == symbols.size(), "{} outputs for {} symbols", out.size(), symbols.size());
  for (size_t i = 0; i < symbols.size(); ++i) {
    TD_ASSIGN_OR_RETURN(*out[i], Read(symbols[i], interval, from, to));
  }
  return Status::Ok();
}

Result<std::vector<std::vector<model::Bar>>> BarStore::ReadMany(
    std::span<const model::Symbol> symbols, model::Interval interval, Timestamp from,
    Timestamp to) {
  std::vector<std::vector<model::Bar>> all(symbols.size());
  std::vector<std::vector<model::Bar>*> out;
  for (std::vector<model::Bar>& bars : all) out.push_back(&bars);
  TD_RETURN_IF_ERROR(ReadMany(symbols, interval, from, to, out));
  return all;
}

}  // namespace tapedeck::store

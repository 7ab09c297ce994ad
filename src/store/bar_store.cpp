#include "store/bar_store.hpp"

namespace tapedeck::store {

Status BarStore::Write(std::span<const SeriesBars> series) {
  TD_ASSIGN_OR_RETURN(std::unique_ptr<BarWriter> writer, BeginWrite());
  for (const SeriesBars& one : series) TD_RETURN_IF_ERROR(writer->Add(one));
  return writer->Commit();
}

Result<std::vector<std::vector<model::Bar>>> BarStore::ReadMany(
    std::span<const model::Symbol> symbols, model::Interval interval, Timestamp from,
    Timestamp to) {
  std::vector<std::vector<model::Bar>> all;
  all.reserve(symbols.size());
  for (const model::Symbol& symbol : symbols) {
    TD_ASSIGN_OR_RETURN(all.emplace_back(), Read(symbol, interval, from, to));
  }
  return all;
}

}  // namespace tapedeck::store

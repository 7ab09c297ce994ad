#include "store/bar_store.hpp"

namespace tapedeck::store {

Status BarStore::Write(std::span<const SeriesBars> series) {
  TD_ASSIGN_OR_RETURN(std::unique_ptr<BarWriter> writer, BeginWrite());
  for (const SeriesBars& one : series) TD_RETURN_IF_ERROR(writer->Add(one));
  return writer->Commit();
}

}  // namespace tapedeck::store

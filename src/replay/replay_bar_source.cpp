#include "replay/replay_bar_source.hpp"

namespace tapedeck::replay {

Result<std::vector<model::Bar>> ReplayBarSource::Bars(const model::Symbol& symbol,
                                                      model::Interval interval, Timestamp from,
                                                      Timestamp to) {
  return store_.Read(symbol, interval, from, to);
}

}  // namespace tapedeck::replay

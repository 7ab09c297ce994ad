// Scores how complete one symbol's bars of one interval are for one session,
// compared with the slots the calendar expects, for a historical day or a live
// session up to `until`. Pure function; safe from any thread.
#pragma once

#include <span>

#include "calendar/session_hours.hpp"
#include "core/timestamp.hpp"
#include "model/bar.hpp"
#include "model/interval.hpp"
#include "quality/quality_report.hpp"

namespace tapedeck::quality {

// Slots are those of calendar::Slots(hours, interval, part) (see SlotGrid for
// 1d, and for intervals longer than a session, which expect nothing). Only
// slots that have ended by `until` (slot end <= until) count, as expected and
// as present; a bar counts when its open time falls in such a slot, at most
// one per slot; bars outside `part` are ignored. Gaps are maximal runs of
// empty counted slots [first start, last end), the last end possibly an
// early close.
// Requires: `bars` belong to one symbol and one interval, sorted by open time.
// Cost: O(bars + gaps), no allocation but the gap list.
QualityReport ScoreSession(std::span<const model::Bar> bars, model::Interval interval,
                           const calendar::SessionHours& hours, Timestamp until,
                           calendar::SessionPart part = calendar::SessionPart::kRegular);

}  // namespace tapedeck::quality

// transport.h — play/pause, speed, step back/forward one record, first/last, and a scrubber
// over the record index (UI.md §11).
#pragma once
#include "playback.h"

namespace ioscope::gui {

struct TransportResult {
    bool moved { false };                 // the user changed the position (so the view should follow)
};

TransportResult draw_transport(Playback& pb, bool& follow);

} // namespace ioscope::gui

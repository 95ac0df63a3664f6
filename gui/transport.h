// transport.h — play/pause, speed, step back/forward by record / system call / wakeup /
// narration point, first/last, and a scrubber over the record index (UI.md §11).
//
// Buttons do not act themselves: they return the Action a key would run, so the app executes
// both through App::run_action (one code path; the help overlay lists the same keys).
#pragma once
#include "actions.h"
#include "playback.h"

#include <optional>

namespace ioscope::gui {

struct TransportResult {
    bool moved { false };                 // the scrubber moved the position (the view should follow)
    std::optional<Action> action;         // a button asked for this action
};

TransportResult draw_transport(Playback& pb, bool& follow);

} // namespace ioscope::gui

// actions.cpp — the table. Keys follow what users of Tracy / Perfetto / KernelShark expect
// (UI.md §3): WASD and the wheel navigate, Space plays, arrows step, Home/End jump.
#include "actions.h"

namespace ioscope::gui {

namespace {

using A = Action;
using G = ActionGroup;
using N = NamedKey;

constexpr KeyChord named(N k, bool shift = false, bool ctrl = false) { return KeyChord { k, 0, shift, ctrl }; }
constexpr KeyChord chr(char32_t c) { return KeyChord { N::None, c, false, false }; }

const std::vector<ActionInfo> kActions = {
    { A::TogglePlay, G::Transport, named(N::Space), S::ActPlayPause, "play" },
    { A::StepForward, G::Transport, named(N::Right), S::ActStepForward, "step" },
    { A::StepBack, G::Transport, named(N::Left), S::ActStepBack, "step-back" },
    { A::SyscallForward, G::Transport, named(N::Right, true), S::ActSyscallForward, "syscall" },
    { A::SyscallBack, G::Transport, named(N::Left, true), S::ActSyscallBack, "syscall-back" },
    { A::WakeupForward, G::Transport, named(N::Right, false, true), S::ActWakeupForward, "wakeup" },
    { A::WakeupBack, G::Transport, named(N::Left, false, true), S::ActWakeupBack, "wakeup-back" },
    { A::NarrationForward, G::Transport, named(N::PageDown), S::ActNarrationForward, "narration" },
    { A::NarrationBack, G::Transport, named(N::PageUp), S::ActNarrationBack, "narration-back" },
    { A::First, G::Transport, named(N::Home), S::First, "first" },
    { A::Last, G::Transport, named(N::End), S::Last, "last" },
    { A::Slower, G::Transport, chr('['), S::ActSlower, "slower" },
    { A::Faster, G::Transport, chr(']'), S::ActFaster, "faster" },
    { A::LectureSpeed, G::Transport, chr('l'), S::ActLectureSpeed, "lecture-speed" },

    { A::ZoomIn, G::Timeline, chr('w'), S::ActZoomIn, "zoom-in" },
    { A::ZoomOut, G::Timeline, chr('s'), S::ActZoomOut, "zoom-out" },
    { A::PanLeft, G::Timeline, chr('a'), S::ActPanLeft, "pan-left" },
    { A::PanRight, G::Timeline, chr('d'), S::ActPanRight, "pan-right" },
    { A::Fit, G::Timeline, chr('f'), S::ActFit, "fit" },
    { A::ZoomToRange, G::Timeline, chr('z'), S::ActZoomToRange, "zoom-range" },
    { A::MarkerA, G::Timeline, chr('1'), S::ActMarkerA, "marker-a" },
    { A::MarkerB, G::Timeline, chr('2'), S::ActMarkerB, "marker-b" },
    { A::ClearMarkers, G::Timeline, chr('x'), S::ActClearMarkers, "clear-markers" },
    { A::FollowPlayhead, G::Timeline, chr('k'), S::MenuFollowPlayhead, "follow" },
    { A::ShowAllFlows, G::Timeline, chr('v'), S::MenuShowAllFlows, "all-flows" },
    { A::ClearSelection, G::Timeline, named(N::Escape), S::ActClearSelection, "clear-selection" },

    { A::ToggleEvents, G::Windows, chr('e'), S::ActEvents, "events" },
    { A::ToggleStats, G::Windows, chr('c'), S::ActStats, "stats" },
    { A::TogglePlots, G::Windows, chr('p'), S::ActPlots, "plots" },
    { A::ToggleInspectors, G::Windows, chr('i'), S::ActInspectors, "inspectors" },
    { A::ToggleBrowser, G::Windows, chr('o'), S::ActBrowser, "browser" },
    { A::ToggleHelp, G::Windows, chr('?'), S::MenuKeys, "help" },
    { A::FocusSearch, G::Windows, chr('/'), S::ActSearch, "search" },
    { A::FocusPath, G::Windows, named(N::Tab), S::MenuOpen, "open-path" },
    { A::ScenarioList, G::Windows, chr('n'), S::ActScenarioList, "scenario-list" },
    { A::ToggleExplanation, G::Windows, chr('h'), S::ActExplanation, "explanation" },
    { A::NarrationNotes, G::Windows, chr('j'), S::ActNotes, "notes" },
    // Every other control (sweep path / Open / Run, browser list, Open / Up, combos' items)
    // through Dear ImGui's keyboard navigation: B turns it on, arrows move, Space/Enter activate,
    // Esc leaves. While it is on, those keys belong to the controls.
    { A::KeyboardNav, G::Windows, chr('b'), S::ActKeyboardNav, "keyboard-nav" },
    // The event list's filters and the plots' tabs in one key each (they open their window).
    { A::FilterKind, G::Windows, chr('u'), S::ActFilterKind, "filter-kind" },
    { A::FilterTask, G::Windows, chr('y'), S::ActFilterTask, "filter-task" },
    { A::FilterFd, G::Windows, chr('#'), S::ActFilterFd, "filter-fd" },
    { A::PlotsTab, G::Windows, chr('.'), S::ActPlotsTab, "plots-tab" },
    { A::OpenFile, G::Windows, KeyChord { N::None, 'o', false, true }, S::ActOpenFile, "open-file" },

    { A::ToggleLanguage, G::View, chr('g'), S::ActLanguage, "lang" },
    { A::ToggleTheme, G::View, chr('t'), S::MenuThemeLight, "theme" },
    { A::TextLarger, G::View, chr('+'), S::MenuTextLarger, "text-larger" },
    { A::TextSmaller, G::View, chr('-'), S::MenuTextSmaller, "text-smaller" },
    { A::TogglePresentation, G::View, chr('m'), S::ActPresentation, "presentation" },
    { A::Reload, G::View, chr('r'), S::Reload, "reload" },
    { A::Quit, G::View, chr('q'), S::MenuQuit, "quit" },
};

constexpr const char* kNamed[] = { "", "Space", "Left", "Right", "Up", "Down", "PageUp", "PageDown", "Home", "End", "Esc", "Tab" };
static_assert(sizeof(kNamed) / sizeof(kNamed[0]) == size_t(NamedKey::Count_));

} // namespace

const std::vector<ActionInfo>& actions() { return kActions; }

const ActionInfo& action_info(Action a) { return kActions.at(size_t(a)); }

std::string key_text(const KeyChord& k) {
    std::string s;
    if (k.ctrl) s += "Ctrl+";
    if (k.shift) s += "Shift+";
    if (k.named != NamedKey::None) return s + kNamed[size_t(k.named)];
    const char32_t c = k.ch >= 'a' && k.ch <= 'z' ? k.ch - 'a' + 'A' : k.ch;
    if (c < 0x80) s += char(c);
    return s;
}

bool action_by_script_name(std::string_view name, Action& out) {
    for (const ActionInfo& a : kActions)
        if (name == a.script_name) { out = a.id; return true; }
    return false;
}

const char* group_label(ActionGroup g) {
    static constexpr S ids[] = { S::GroupTransport, S::Timeline, S::GroupWindows, S::MenuView };
    return tr(ids[size_t(g)]);
}

} // namespace ioscope::gui

// actions.h — every user command of the GUI, its key and its label, in one table.
//
// The keyboard handler, the menus' shortcut column, the help overlay and the --script driver all
// read this table, so a key shown in the help overlay is the key that works, and a script step
// runs exactly the code a key press runs (App::run_action). GL-free and ImGui-free: a unit test
// checks every action has a key, a label in both languages, and that no two actions share a key.
#pragma once
#include "i18n.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ioscope::gui {

enum class Action : uint8_t {
    // transport
    TogglePlay, StepForward, StepBack, SyscallForward, SyscallBack, WakeupForward, WakeupBack,
    NarrationForward, NarrationBack, First, Last, Slower, Faster, LectureSpeed,
    // timeline
    ZoomIn, ZoomOut, PanLeft, PanRight, Fit, ZoomToRange, MarkerA, MarkerB, ClearMarkers,
    FollowPlayhead, ShowAllFlows, ClearSelection,
    // windows
    ToggleEvents, ToggleStats, TogglePlots, ToggleInspectors, ToggleBrowser, ToggleHelp, FocusSearch, FocusPath,
    ScenarioList, ToggleExplanation, NarrationNotes, KeyboardNav, FilterKind, FilterTask, FilterFd, PlotsTab, OpenFile,
    // view
    ToggleLanguage, ToggleTheme, TextLarger, TextSmaller, TogglePresentation, Reload, Quit,
    Count_
};

// A key without a backend: named keys (with optional modifiers) or a typed character. Typed
// characters follow the keyboard layout and carry no modifiers (ImGui 1.86 delivers letters only
// as text input; Ctrl+letter produces none): a Ctrl+letter chord (ch with ctrl) is matched by the
// letter's key code instead (GLFW's key codes for letters are their upper-case ASCII codes).
enum class NamedKey : uint8_t { None, Space, Left, Right, Up, Down, PageUp, PageDown, Home, End, Escape, Tab, Count_ };

struct KeyChord {
    NamedKey named { NamedKey::None };
    char32_t ch { 0 };                    // lower case for letters (matched case-insensitively)
    bool shift { false }, ctrl { false };
    bool operator==(const KeyChord&) const = default;
    bool valid() const { return (named != NamedKey::None) != (ch != 0); }
};

enum class ActionGroup : uint8_t { Transport, Timeline, Windows, View };

struct ActionInfo {
    Action id;
    ActionGroup group;
    KeyChord key;
    S label;                              // i18n string id
    const char* script_name;              // the name a --script uses ("step", "syscall-back")
};

const std::vector<ActionInfo>& actions();         // one entry per Action, in enum order
const ActionInfo& action_info(Action a);
// "Shift+Right", "Space", "W", "?" — key names stay English (they are printed on keycaps).
std::string key_text(const KeyChord& k);
// The action a --script name refers to; false if none.
bool action_by_script_name(std::string_view name, Action& out);
const char* group_label(ActionGroup g);

} // namespace ioscope::gui

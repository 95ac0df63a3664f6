// i18n.h — every string the GUI shows, in English and Simplified Chinese.
//
// Why a table and not gettext: the set is small, both languages must switch at run time without
// reopening anything, and the font code needs the full list of Chinese strings up front to build
// glyph ranges (TOOLCHAIN.md §8: common-character ranges miss everyday UI words such as 时间轴).
// GL-free and ImGui-free so the unit tests can check that no entry is missing.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ioscope::gui {

enum class Lang : uint8_t { En = 0, Zh = 1 };

// One id per UI string. Keep the order in sync with the table in i18n.cpp (a test checks that
// every id has both languages).
enum class S : uint16_t {
    AppTitle,
    // menus
    MenuFile, MenuOpen, MenuQuit, MenuView, MenuLanguage, MenuHelp, MenuFit, MenuShowAllFlows,
    MenuFollowPlayhead, MenuTextLarger, MenuTextSmaller, MenuThemeLight, MenuKeys,
    // scenario bar
    Scenario, PathHint, Open, Reload, OpenFailed, Loaded, Running, TraceFile, NoDescription,
    LookAt,
    // timeline
    Timeline, Cpu, Idle, Folded, FoldedHint, Syscalls, Steps, State, WakeupFrom, WakeupInterrupt,
    Tick, Irq, Softirq, Playhead, ZoomHint, NoTrace,
    // states and modes
    StNew, StReady, StRunning, StWaiting, StTerminated,
    ModeIdle, ModeUser, ModeKernel, ModeSoftirq, ModeIrq,
    // details panel
    Details, Record, Time, Kind, Task, Duration, Call, Return, KernelFunction, UserWork, WaitReason,
    WaitQueue, WakeFunction, Waker, TargetCpu, Name, Args, Object, Bytes, TaskStateHere, LinuxState,
    SavedContext, CurrentSyscall, CpuTime, Switches, RunQueue, CpuAtPoint, Waiters, NoRecord,
    HoveredRecord, SelectedRecord, CurrentRecord, Exclusive, Narration, WaitEnded, Preempted, Yes, No,
    None, Mode, Pid, Jiffies, Length,
    // transport
    Play, Pause, StepBack, StepForward, First, Last, Speed, RecPerSec, SimPerSec, Position, Follow,
    // legend / status
    Legend, NoCjkFont, Records, Tasks, Cpus, FrameMs, Seeked,
    // actions, help, statistics, events, plots, browser (timeline-navigation work)
    ActPlayPause, ActStepForward, ActStepBack, ActSyscallForward, ActSyscallBack, ActWakeupForward,
    ActWakeupBack, ActNarrationForward, ActNarrationBack, ActSlower, ActFaster, ActLectureSpeed,
    ActZoomIn, ActZoomOut, ActPanLeft, ActPanRight, ActFit, ActZoomToRange, ActMarkerA, ActMarkerB,
    ActClearMarkers, ActClearSelection, ActEvents, ActStats, ActPlots, ActInspectors, ActBrowser, ActSearch,
    ActLanguage, GroupTransport, GroupWindows, KeyCol, ActionCol, MouseWheel, MouseDrag, MouseClick, InspectorKeys,
    StatsRange, StatsNoRange, SyscallsByName, CountCol, TotalTime, MeanTime, ContextSwitches,
    PreemptedCount, CpuTimeByMode, Wakeups, WakeupLatency, RequestLatency, NoRequests,
    RecordsInRange, EventsTitle, SearchHint, FilterKind, FilterTask, FilterFd, AllItems, Matches,
    PlotsTitle, RunQueueLen, ReadyListLen, WaitQueueEntries, BufferFill, LatencyHistogram,
    SweepChart, SweepOpen, SweepRun, SweepHint, NoData, BrowserTitle, BundledScenarios, Files,
    RecentFiles, FolderUp, Explanation, ScriptDone, StepsPerSec, MarkerDelta, RangeSelected,
    SweepNeedsData, LatencyAllRequests, CountersHint, ActPresentation, PresentationHint,
    ActScenarioList, ActExplanation, ActNotes, ActKeyboardNav, KeyboardNavOn,
    ActFilterKind, ActFilterTask, ActFilterFd, ActPlotsTab, ActOpenFile,
    // file errors (the parser's own FILE:LINE:COL message is shown as it is)
    ErrorWord, ErrNoSuchFile, ErrNotScenario, ErrBundledList, ErrCannotReadTrace, ErrInvalidScenario, ErrNoTraceProduced,
    Count_
};

void set_language(Lang l);
Lang language();
inline bool chinese() { return language() == Lang::Zh; }

// The current language's text (never null).
const char* tr(S id);
const char* tr(S id, Lang l);

// Every Chinese string the GUI ships, for the font glyph ranges.
std::vector<std::string> all_zh_strings();

// Textbook task state / CPU mode names in the current language (record.h enums as integers,
// so this header needs nothing from sim/).
const char* tr_task_state(int state);
const char* tr_cpu_mode(int mode);

} // namespace ioscope::gui

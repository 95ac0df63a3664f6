// i18n.cpp — the string table. Kernel names (recv, sk_wait_data, TASK_RUNNING) are never
// translated: students must recognise them in the kernel source and in strace output.
#include "i18n.h"

#include "inspect/inspect_strings.h"
#include "record_labels.h"

#include <atomic>

namespace ioscope::gui {

namespace {

struct Entry { S id; const char* en; const char* zh; };

// Plain "..." literals, not u8"...": in C++20 u8 literals are char8_t (TOOLCHAIN.md §8).
constexpr Entry kTable[] = {
    { S::AppTitle, "ioscope - Linux I/O, step by step", "ioscope - 逐步观察 Linux I/O" },
    { S::MenuFile, "File", "文件" },
    { S::MenuOpen, "Open...", "打开..." },
    { S::MenuQuit, "Quit", "退出" },
    { S::MenuView, "View", "视图" },
    { S::MenuLanguage, "Language", "语言" },
    { S::MenuHelp, "Help", "帮助" },
    { S::MenuFit, "Fit whole trace (F)", "显示整个跟踪 (F)" },
    { S::MenuShowAllFlows, "Show all wakeup arrows", "显示所有唤醒箭头" },
    { S::MenuFollowPlayhead, "Follow playhead", "跟随播放头" },
    { S::MenuTextLarger, "Larger text", "放大文字" },
    { S::MenuTextSmaller, "Smaller text", "缩小文字" },
    { S::MenuThemeLight, "Light theme", "浅色主题" },
    { S::MenuKeys, "Keys and mouse", "按键与鼠标" },

    { S::Scenario, "Scenario", "场景" },
    { S::PathHint, "path to a .toml scenario or a .jsonl trace", ".toml 场景或 .jsonl 跟踪文件的路径" },
    { S::Open, "Open", "打开" },
    { S::Reload, "Reload", "重新加载" },
    { S::OpenFailed, "Could not open", "无法打开" },
    { S::Loaded, "Loaded", "已加载" },
    { S::Running, "Simulating", "正在模拟" },
    { S::TraceFile, "Trace file", "跟踪文件" },
    { S::NoDescription, "(no description)", "(无说明)" },
    { S::LookAt, "Look at", "观察要点" },

    { S::Timeline, "Timeline", "时间轴" },
    { S::Cpu, "CPU", "CPU" },
    { S::Idle, "idle", "空闲" },
    { S::Folded, "items too small to display", "个项目太小, 无法显示" },
    { S::FoldedHint, "Click to zoom in", "单击放大" },
    { S::Syscalls, "system calls", "系统调用" },
    { S::Steps, "steps", "执行步骤" },
    { S::State, "State", "状态" },
    { S::WakeupFrom, "Wakeup", "唤醒" },
    { S::WakeupInterrupt, "interrupt context", "中断上下文" },
    { S::Tick, "Clock tick", "时钟中断" },
    { S::Irq, "Hardware interrupt", "硬件中断" },
    { S::Softirq, "Softirq", "软中断" },
    { S::Playhead, "Playhead", "播放头" },
    { S::ZoomHint, "Wheel: zoom   Drag: pan   F: fit   Click ruler: move playhead",
      "滚轮: 缩放   拖动: 平移   F: 全部显示   单击标尺: 移动播放头" },
    { S::NoTrace, "No trace loaded.", "尚未加载跟踪。" },

    { S::StNew, "New", "新建" },
    { S::StReady, "Ready", "就绪" },
    { S::StRunning, "Running", "运行" },
    { S::StWaiting, "Waiting", "等待" },
    { S::StTerminated, "Terminated", "终止" },
    { S::ModeIdle, "idle", "空闲" },
    { S::ModeUser, "user", "用户态" },
    { S::ModeKernel, "kernel", "内核态" },
    { S::ModeSoftirq, "softirq", "软中断" },
    { S::ModeIrq, "irq", "硬中断" },

    { S::Details, "Details", "详细信息" },
    { S::Record, "Record", "记录" },
    { S::Time, "Time", "时间" },
    { S::Kind, "Kind", "类型" },
    { S::Task, "Task", "任务" },
    { S::Duration, "Duration", "持续时间" },
    { S::Call, "Call", "调用" },
    { S::Return, "Return value", "返回值" },
    { S::KernelFunction, "Kernel function", "内核函数" },
    { S::UserWork, "User code", "用户代码" },
    { S::WaitReason, "Wait reason", "等待原因" },
    { S::WaitQueue, "Wait queue", "等待队列" },
    { S::WakeFunction, "Wake function", "唤醒函数" },
    { S::Waker, "Woken by", "唤醒者" },
    { S::TargetCpu, "Target CPU", "目标 CPU" },
    { S::Name, "Name", "名称" },
    { S::Args, "Arguments", "参数" },
    { S::Object, "Object", "对象" },
    { S::Bytes, "Bytes", "字节数" },
    { S::TaskStateHere, "Task at this point", "此刻的任务状态" },
    { S::LinuxState, "Linux state", "Linux 状态" },
    { S::SavedContext, "Saved context", "保存的用户上下文" },
    { S::CurrentSyscall, "In system call", "当前系统调用" },
    { S::CpuTime, "CPU user / kernel", "CPU 时间 用户/内核" },
    { S::Switches, "Switches vol. / forced", "切换 自愿/被抢占" },
    { S::RunQueue, "Run queue", "运行队列" },
    { S::CpuAtPoint, "CPU at this point", "此刻的 CPU" },
    { S::Waiters, "waiters", "个等待者" },
    { S::NoRecord, "Hover or click an item on the timeline.", "将鼠标悬停或单击时间轴上的项目。" },
    { S::HoveredRecord, "Under the mouse", "鼠标所指" },
    { S::SelectedRecord, "Selected", "已选中" },
    { S::CurrentRecord, "At the playhead", "播放头处" },
    { S::Exclusive, "exclusive", "独占" },
    { S::Narration, "Narration", "讲解" },
    { S::WaitEnded, "Wait ended by", "等待结束原因" },
    { S::Preempted, "preempted", "被抢占" },
    { S::Yes, "yes", "是" },
    { S::No, "no", "否" },
    { S::None, "none", "无" },
    { S::Mode, "Mode", "模式" },
    { S::Pid, "pid", "进程号" },
    { S::Jiffies, "jiffies", "jiffies" },
    { S::Length, "length", "长度" },

    { S::Play, "Play", "播放" },
    { S::Pause, "Pause", "暂停" },
    { S::StepBack, "Step back", "后退一步" },
    { S::StepForward, "Step forward", "前进一步" },
    { S::First, "First record", "第一条记录" },
    { S::Last, "Last record", "最后一条记录" },
    { S::Speed, "Speed", "速度" },
    { S::RecPerSec, "rec/s", "条记录/秒" },
    { S::SimPerSec, "per second", "每秒" },
    { S::Position, "Record", "记录" },
    { S::Follow, "Follow", "跟随" },

    { S::Legend, "Legend", "图例" },
    { S::NoCjkFont, "No Chinese font found (install fonts-wqy-microhei); Chinese text will show as '?'.",
      "未找到中文字体" },
    { S::Records, "records", "记录数" },
    { S::Tasks, "tasks", "任务数" },
    { S::Cpus, "CPUs", "CPU 数" },
    { S::FrameMs, "ms/frame", "毫秒/帧" },
    { S::Seeked, "Moved to record", "已移动到记录" },

    { S::ActPlayPause, "Play / pause", "播放 / 暂停" },
    { S::ActStepForward, "Step forward one record", "前进一条记录" },
    { S::ActStepBack, "Step back one record", "后退一条记录" },
    { S::ActSyscallForward, "Next system call boundary", "下一个系统调用边界" },
    { S::ActSyscallBack, "Previous system call boundary", "上一个系统调用边界" },
    { S::ActWakeupForward, "Next wakeup", "下一次唤醒" },
    { S::ActWakeupBack, "Previous wakeup", "上一次唤醒" },
    { S::ActNarrationForward, "Next narration point", "下一个讲解点" },
    { S::ActNarrationBack, "Previous narration point", "上一个讲解点" },
    { S::ActSlower, "Slower", "减速" },
    { S::ActFaster, "Faster", "加速" },
    { S::ActLectureSpeed, "Lecture speed: one kernel step per second", "讲课速度: 每秒一个内核步骤" },
    { S::ActZoomIn, "Zoom in", "放大" },
    { S::ActZoomOut, "Zoom out", "缩小" },
    { S::ActPanLeft, "Pan left", "向左平移" },
    { S::ActPanRight, "Pan right", "向右平移" },
    { S::ActFit, "Fit the whole trace", "显示整个跟踪" },
    { S::ActZoomToRange, "Zoom to the A-B range", "缩放到 A-B 区间" },
    { S::ActMarkerA, "Set marker A at the playhead", "在播放头处设置标记 A" },
    { S::ActMarkerB, "Set marker B at the playhead", "在播放头处设置标记 B" },
    { S::ActClearMarkers, "Clear markers A and B", "清除标记 A 和 B" },
    { S::ActClearSelection, "Clear the selection, close the help, dismiss open errors", "取消选择, 关闭帮助, 关闭打开错误" },
    { S::ActEvents, "Event list", "事件列表" },
    { S::ActStats, "Range statistics", "区间统计" },
    { S::ActPlots, "Metrics and plots", "指标与图表" },
    { S::ActInspectors, "Kernel objects and narration (show/hide; drag the border to resize)", "内核对象与讲解（显示/隐藏；拖动边界可调整大小）" },
    { S::ActBrowser, "Scenarios and files", "场景与文件" },
    { S::ActSearch, "Search the event list", "搜索事件列表" },
    { S::ActLanguage, "Switch language (English / 中文)", "切换语言 (English / 中文)" },
    { S::GroupTransport, "Playback", "播放" },
    { S::GroupWindows, "Windows", "窗口" },
    { S::KeyCol, "Key", "按键" },
    { S::ActionCol, "Action", "操作" },
    { S::MouseWheel, "Mouse wheel: zoom about the cursor (Ctrl fine, Shift coarse)", "鼠标滚轮: 以光标为中心缩放 (Ctrl 细调, Shift 粗调)" },
    { S::MouseDrag, "Drag: pan in time and scroll lanes; Shift+drag: select a range", "拖动: 平移时间并滚动泳道; Shift+拖动: 选择区间" },
    { S::MouseClick, "Click: select an item; click the ruler: move the playhead", "单击: 选中项目; 单击标尺: 移动播放头" },
    { S::InspectorKeys, "Ctrl+1..8: pin an inspector tab; Ctrl+0: follow the record again", "Ctrl+1..8: 固定一个检查器标签页; Ctrl+0: 重新跟随当前记录" },
    { S::StatsRange, "Range", "区间" },
    { S::StatsNoRange, "Set markers A and B (keys 1 and 2) or Shift+drag on the timeline to choose a range.", "设置标记 A 和 B (按键 1 和 2) 或在时间轴上 Shift+拖动以选择区间。" },
    { S::SyscallsByName, "System calls by name", "按名称统计的系统调用" },
    { S::CountCol, "count", "次数" },
    { S::TotalTime, "total time", "总时间" },
    { S::MeanTime, "mean", "平均" },
    { S::ContextSwitches, "Context switches", "上下文切换" },
    { S::PreemptedCount, "preempted", "被抢占" },
    { S::CpuTimeByMode, "CPU time by mode", "按模式统计的 CPU 时间" },
    { S::Wakeups, "Wakeups", "唤醒" },
    { S::WakeupLatency, "wakeup latency mean / max", "唤醒延迟 平均 / 最大" },
    { S::RequestLatency, "Request latency (start to end marker)", "请求延迟 (开始到结束标记)" },
    { S::NoRequests, "no request completed in this range", "此区间内没有完成的请求" },
    { S::RecordsInRange, "records in range", "区间内记录数" },
    { S::EventsTitle, "Events", "事件" },
    { S::SearchHint, "search: function, syscall, kind", "搜索: 函数, 系统调用, 类型" },
    { S::FilterKind, "Kind", "类型" },
    { S::FilterTask, "Task", "任务" },
    { S::FilterFd, "fd", "fd" },
    { S::AllItems, "all", "全部" },
    { S::Matches, "matches", "条匹配" },
    { S::PlotsTitle, "Metrics", "指标" },
    { S::RunQueueLen, "Run-queue length (all CPUs)", "运行队列长度 (所有 CPU)" },
    { S::ReadyListLen, "epoll ready-list length", "epoll 就绪列表长度" },
    { S::WaitQueueEntries, "Wait-queue entries", "等待队列项数" },
    { S::BufferFill, "Socket receive buffers (bytes)", "套接字接收缓冲区 (字节)" },
    { S::LatencyHistogram, "Request latency histogram", "请求延迟直方图" },
    { S::SweepChart, "Sweep: cost per call vs number of fds", "扫描: 每次调用的开销与 fd 数量" },
    { S::SweepOpen, "Open sweep JSON", "打开扫描 JSON" },
    { S::SweepRun, "Run the simulated sweep", "运行模拟扫描" },
    { S::SweepHint, "path to the output of ioscope-cli sweep --json", "ioscope-cli sweep --json 输出文件的路径" },
    { S::NoData, "no data", "无数据" },
    { S::BrowserTitle, "Scenarios and files", "场景与文件" },
    { S::BundledScenarios, "Bundled scenarios", "内置场景" },
    { S::Files, "Files", "文件" },
    { S::RecentFiles, "Recent files", "最近打开的文件" },
    { S::FolderUp, "Up", "上一级" },
    { S::Explanation, "Explanation", "说明" },
    { S::ScriptDone, "Script finished", "脚本已完成" },
    { S::StepsPerSec, "kernel steps/s", "内核步骤/秒" },
    { S::MarkerDelta, "B - A", "B - A" },
    { S::RangeSelected, "Range selected", "已选择区间" },
    { S::SweepNeedsData, "Open the JSON written by `ioscope-cli sweep --json > sweep.json`, or run the simulated sweep here.",
      "打开 `ioscope-cli sweep --json > sweep.json` 生成的 JSON, 或在此运行模拟扫描。" },
    { S::LatencyAllRequests, "all requests of the trace", "整个跟踪中的全部请求" },
    { S::CountersHint, "over the visible part of the timeline", "时间轴可见部分" },
    { S::ActPresentation, "Presentation mode (large text, high contrast, full screen, secondary panels hidden)",
      "演示模式（大字号、高对比度、全屏、隐藏次要面板）" },
    { S::PresentationHint, "M: leave presentation mode   ?: keys", "M：退出演示模式   ?：快捷键" },
    { S::ActScenarioList, "Open the list of bundled scenarios", "打开内置场景列表" },
    { S::ActExplanation, "Show / hide the scenario's explanation", "显示 / 隐藏场景说明" },
    { S::ActNotes, "All scenario notes (jump to one)", "全部场景注释 (跳转到某一条)" },
    { S::ActKeyboardNav, "Keyboard navigation of every control: arrows move, Space/Enter activate, Ctrl+Tab switches window, Esc leaves",
      "用键盘操作所有控件: 方向键移动, 空格/回车激活, Ctrl+Tab 切换窗口, Esc 退出" },
    { S::KeyboardNavOn, "Keyboard navigation: arrows move, Space/Enter activate, Esc leaves", "键盘导航: 方向键移动, 空格/回车激活, Esc 退出" },
    { S::ActFilterKind, "Event list: next kind filter (all, syscalls, sched, ...)", "事件列表: 下一个类型过滤 (全部, 系统调用, 调度, ...)" },
    { S::ActFilterTask, "Event list: next task filter (all, then each task)", "事件列表: 下一个任务过滤 (全部, 然后逐个任务)" },
    { S::ActFilterFd, "Event list: type an fd to filter by (-1: all)", "事件列表: 输入要过滤的 fd (-1: 全部)" },
    { S::ActPlotsTab, "Plots: next tab (counters, latency histogram, sweep chart)", "图表: 下一个标签页 (计数器, 延迟直方图, 扫描图)" },
    { S::ActOpenFile, "Open a file (the browser's file list)", "打开文件 (浏览器的文件列表)" },
    { S::ErrorWord, "error", "错误" },
    { S::ErrNoSuchFile, "no such file", "文件不存在" },
    { S::ErrNotScenario, "not a file and not a bundled scenario", "既不是文件, 也不是内置场景" },
    { S::ErrBundledList, "bundled", "内置场景" },
    { S::ErrCannotReadTrace, "cannot read trace", "无法读取跟踪文件" },
    { S::ErrInvalidScenario, "invalid scenario", "场景无效" },
    { S::ErrNoTraceProduced, "the run produced no trace", "运行没有产生跟踪" },
};
static_assert(sizeof(kTable) / sizeof(kTable[0]) == size_t(S::Count_), "i18n table: one entry per S id");

constexpr bool table_in_order() {
    for (size_t i = 0; i < sizeof(kTable) / sizeof(kTable[0]); ++i)
        if (size_t(kTable[i].id) != i) return false;
    return true;
}
static_assert(table_in_order(), "i18n table: entries must follow the order of enum S");

std::atomic<Lang> g_lang { Lang::En };

} // namespace

void set_language(Lang l) { g_lang.store(l); }
Lang language() { return g_lang.load(); }

const char* tr(S id, Lang l) {
    size_t i = size_t(id);
    if (i >= size_t(S::Count_)) return "?";
    const Entry& e = kTable[i];
    return l == Lang::Zh && e.zh && *e.zh ? e.zh : e.en;
}

const char* tr(S id) { return tr(id, language()); }

std::vector<std::string> all_zh_strings() {
    std::vector<std::string> out;
    for (const Entry& e : kTable) out.emplace_back(e.zh);
    for (std::string& z : inspector_zh_strings()) out.push_back(std::move(z));   // gui/inspect/inspect_strings.cpp
    for (std::string& z : record_label_zh_strings()) out.push_back(std::move(z)); // gui/record_labels.cpp
    return out;
}

const char* tr_task_state(int state) {
    static constexpr S ids[] = { S::StNew, S::StReady, S::StRunning, S::StWaiting, S::StTerminated };
    return state >= 0 && state < 5 ? tr(ids[state]) : "?";
}

const char* tr_cpu_mode(int mode) {
    static constexpr S ids[] = { S::ModeIdle, S::ModeUser, S::ModeKernel, S::ModeSoftirq, S::ModeIrq };
    return mode >= 0 && mode < 5 ? tr(ids[mode]) : "?";
}

} // namespace ioscope::gui

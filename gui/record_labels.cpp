// record_labels.cpp — the table. Keep it in the order of enum RL (checked at compile time).
#include "record_labels.h"

#include "sim/trace/record.h"

namespace ioscope::gui {

namespace {

struct Entry { RL id; const char* en; const char* zh; };

constexpr Entry kTable[] = {
    { RL::Parent, "parent", "父任务" },
    { RL::Thread, "thread", "线程" },
    { RL::ExitCode, "exit code", "退出码" },
    { RL::Exception, "exception", "异常" },
    { RL::Type, "type", "类型" },
    { RL::Owner, "owner", "所属对象" },
    { RL::Prev, "prev", "换出 (prev)" },
    { RL::Next, "next", "换入 (next)" },
    { RL::Handler, "handler", "处理函数" },
    { RL::AlreadyRunning, "already running", "已在运行" },
    { RL::Packet, "packet", "数据包" },
    { RL::Socket, "socket", "套接字" },
    { RL::Nic, "NIC", "网卡" },
    { RL::To, "to", "发往" },
    { RL::Queue, "queue", "队列" },
    { RL::Entry, "entry", "条目" },
    { RL::Position, "position", "插入位置" },
    { RL::Woke, "woke", "已唤醒" },
    { RL::Bitmap, "bitmap", "位图" },
    { RL::Word, "word", "字" },
    { RL::Value, "value", "值" },
    { RL::Mask, "mask", "掩码" },
    { RL::Pass, "pass", "遍数" },
    { RL::Colour, "colour", "颜色" },
    { RL::ParentNode, "parent", "父节点" },
    { RL::Successor, "successor", "中序后继" },
    { RL::Step, "step", "步骤" },
    { RL::Pivot, "pivot", "旋转节点" },
    { RL::Rotation, "rotation", "旋转方向" },
    { RL::List, "list", "链表" },
    { RL::Request, "request", "请求" },
    { RL::Context, "context", "上下文" },
    { RL::Timer, "timer", "定时器" },
    { RL::TimerKind, "kind", "种类" },
    { RL::Expires, "expires", "到期时间" },
    { RL::Slack, "slack", "允许延迟" },
    { RL::Head, "head", "队头" },
    { RL::Tail, "tail", "队尾" },
    { RL::Red, "red", "红" },
    { RL::Black, "black", "黑" },
    { RL::Left, "left", "左旋" },
    { RL::Right, "right", "右旋" },
    { RL::Root, "root", "根" },
    { RL::LeftChild, "(left)", "(左子节点)" },
    { RL::RightChild, "(right)", "(右子节点)" },
    { RL::AcceptQueue, "accept queue", "accept 队列" },
    { RL::EndWoken, "woken", "被唤醒" },
    { RL::EndTimeout, "timeout", "超时" },
    { RL::EndSignal, "signal", "信号" },
    { RL::EndNotBlocked, "not blocked", "未阻塞" },
};
static_assert(sizeof(kTable) / sizeof(kTable[0]) == size_t(RL::Count_), "record label table: one entry per RL id");

constexpr bool in_order() {
    for (size_t i = 0; i < sizeof(kTable) / sizeof(kTable[0]); ++i)
        if (size_t(kTable[i].id) != i) return false;
    return true;
}
static_assert(in_order(), "record label table: entries must follow the order of enum RL");

// The English reasons the simulator (sim/kernel) and the strace importer (sim/strace/syscalls.cpp)
// record. Kernel-named reasons (epoll_wait, io_cqring_wait, pthread_cond_wait) are not listed.
struct Reason { const char* en; const char* zh; };
constexpr Reason kReasons[] = {
    { "Reading", "等待读取" },
    { "Accepting", "等待连接 (accept)" },
    { "Sending", "等待发送缓冲区" },
    { "Selecting", "select 等待中" },
    { "Polling", "poll 等待中" },
    { "Sleeping", "睡眠" },
    { "Paused", "暂停 (等待信号)" },
    { "Waiting for a signal", "等待信号" },
    { "Waiting for a child", "等待子进程" },
};

const char* kStepCaseEn[] = { "", "rb_insert_color (root)", "rb_insert_color case 1", "rb_insert_color case 2",
                              "rb_insert_color case 3", "rb_erase case 1", "rb_erase case 2", "rb_erase case 3",
                              "rb_erase case 4" };
const char* kStepCaseZh[] = { "", "rb_insert_color (根)", "rb_insert_color 情形 1", "rb_insert_color 情形 2",
                              "rb_insert_color 情形 3", "rb_erase 情形 1", "rb_erase 情形 2", "rb_erase 情形 3",
                              "rb_erase 情形 4" };
static_assert(int(ioscope::RbStep::EraseCase4) == 8, "kStepCase tables follow enum RbStep");

} // namespace

const char* tr(RL id, Lang l) {
    size_t i = size_t(id);
    if (i >= size_t(RL::Count_)) return "?";
    return l == Lang::Zh ? kTable[i].zh : kTable[i].en;
}
const char* tr(RL id) { return tr(id, language()); }
const char* english(RL id) { return tr(id, Lang::En); }

std::string wait_reason_text(std::string_view recorded) {
    if (chinese())
        for (const Reason& r : kReasons)
            if (recorded == r.en) return r.zh;
    return std::string(recorded);
}

std::string rb_step_text(int step) {
    if (step < 0 || step > 8) return {};
    return chinese() ? kStepCaseZh[step] : kStepCaseEn[step];
}

std::string pass_text(int64_t pass) {
    return chinese() ? "第 " + std::to_string(pass) + " 遍" : "pass " + std::to_string(pass);
}

std::vector<std::string> record_label_zh_strings() {
    std::vector<std::string> out;
    for (const Entry& e : kTable) out.emplace_back(e.zh);
    for (const Reason& r : kReasons) out.emplace_back(r.zh);
    for (const char* s : kStepCaseZh) out.emplace_back(s);
    out.emplace_back("第 遍");
    return out;
}

} // namespace ioscope::gui

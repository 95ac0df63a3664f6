// record_labels.h — the details panel's field labels and plain-word values, and the wait reasons
// the simulator records, in English and Simplified Chinese.
//
// Why a second table next to i18n.h: these words are the record fields of record.h ("entry",
// "position", "colour") and the sim's English wait reasons ("Reading"); keeping them apart lets
// a test check that every one of them has a distinct Chinese form. Kernel identifiers
// (epitem, pollfd, revents, fd_set, TIF_NEED_RESCHED) are not in here: they are never translated.
// Same language switch as i18n.h; all_zh_strings() includes these for the font's glyph ranges.
#pragma once
#include "i18n.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ioscope::gui {

enum class RL : uint16_t {
    // labels
    Parent, Thread, ExitCode, Exception, Type, Owner, Prev, Next, Handler, AlreadyRunning, Packet,
    Socket, Nic, To, Queue, Entry, Position, Woke, Bitmap, Word, Value, Mask, Pass, Colour,
    ParentNode, Successor, Step, Pivot, Rotation, List, Request, Context, Timer, TimerKind, Expires,
    Slack,
    // values
    Head, Tail, Red, Black, Left, Right, Root, LeftChild, RightChild, AcceptQueue,
    EndWoken, EndTimeout, EndSignal, EndNotBlocked,
    Count_
};

const char* tr(RL id);
const char* tr(RL id, Lang l);
const char* english(RL id);

// A wait reason as the simulator / strace importer records it ("Reading", "Selecting"), in the
// current language. Kernel function names used as reasons ("epoll_wait") come back unchanged.
std::string wait_reason_text(std::string_view recorded);

// "rb_insert_color case 3" / "rb_insert_color 情形 3" for an RbStep value (record.h), "" for None.
std::string rb_step_text(int step);

// "pass 2" / "第 2 遍": the scan pass of select / poll.
std::string pass_text(int64_t pass);

// Every Chinese string above, for the font glyph ranges (i18n.cpp's all_zh_strings()).
std::vector<std::string> record_label_zh_strings();

} // namespace ioscope::gui

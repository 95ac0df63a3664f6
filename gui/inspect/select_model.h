// select_model.h — select(2) as bit grids: the user's three fd_sets, the kernel's six bitmaps
// (fds.in/out/ex copied in by get_fd_set, res_in/res_out/res_ex filled by do_select and copied
// out by set_fd_set), the scan cursor (the fd do_select is polling at this record), the copy-in /
// copy-out with byte counts, and the 1024-bit FD_SETSIZE boundary of glibc's fd_set. GL-free.
#pragma once
#include "inspect_input.h"

#include <array>
#include <string>
#include <vector>

namespace ioscope::gui {

constexpr int kFdSetSize = 1024;          // glibc __FD_SETSIZE; the kernel itself has no such limit

struct BitMap {
    bool present { false };               // false: not passed (NULL) or not copied yet
    std::vector<uint64_t> words;
    bool test(int64_t fd) const {
        return fd >= 0 && size_t(fd / 64) < words.size() && (words[size_t(fd / 64)] >> (fd % 64) & 1);
    }
};

enum class UserSetPhase : uint8_t { NotCopied, Interest, Results };

struct SelectView {
    bool valid { false };                 // some task has select state
    uint32_t task { 0 };
    std::string task_name;
    bool in_call { false };               // the task is inside select() now
    int64_t n { 0 };                      // nfds, clamped to the fd table (bits scanned)
    int64_t bytes { 0 };                  // FDS_BYTES(n) per copied set
    int nbits { 64 };                     // bits to draw: n rounded up to whole 64-bit words
    std::array<BitMap, 6> kernel;         // 0 in, 1 out, 2 ex, 3 res_in, 4 res_out, 5 res_ex
    std::array<BitMap, 3> user;           // what the program's fd_set variables hold now
    std::array<UserSetPhase, 3> user_phase { UserSetPhase::NotCopied, UserSetPhase::NotCopied, UserSetPhase::NotCopied };
    uint8_t copied_in { 0 }, copied_out { 0 };   // bit per set
    int64_t scan_fd { -1 };               // the fd being polled (cursor); -1 when not scanning
    uint32_t scan_pass { 0 };
    int64_t poll_mask { -1 };             // tcp_poll's mask when the current record is the poll of scan_fd
    // The current record's change:
    int copy_set { -1 };                  // FdSetCopyIn/Out: which set (0..2)
    bool copy_in { false };               // direction of that copy
    int64_t copy_bytes { 0 };
    // The task's wait-queue entries (poll_wait -> __pollwait adds one per polled socket), shown
    // beside the bitmaps so the bits and the entries are seen together while stepping.
    struct WqEntry { std::string queue; std::string func; bool added_now; };
    std::vector<WqEntry> wq_entries;
    std::string wq_removed;               // WqRemove of this task at this record: the queue's name
    int word_map { -1 };                  // FdSetWord: which kernel map ...
    int64_t word_index { -1 };            // ... and which 64-bit word was written
    bool res_bit_now { false };           // that write is do_select's `res |= bit` for scan_fd
};

SelectView build_select_view(const InspectInput& in);

// The task the select inspector follows: the current record's task if it has select state,
// else a task inside select(), else the first task that ever called it; 0 if none.
uint32_t select_task(const InspectInput& in);

} // namespace ioscope::gui

// poll_model.h — poll(2): the pollfd array (fd, events, revents) as do_sys_poll holds it, the
// poll_list chunks it was copied into (N_STACK_PPS = 30 pollfds in the on-stack chunk, then
// POLLFD_PER_PAGE = 510 per page), and the scan cursor of do_poll. GL-free.
#pragma once
#include "inspect_input.h"
#include "waitqueue_model.h"

#include <string>
#include <vector>

namespace ioscope::gui {

constexpr int64_t kStackPollfds = 30;     // (256 B on-stack buffer - poll_list header) / 8
constexpr int64_t kPagePollfds = 510;     // (4096 - 16) / sizeof(struct pollfd)

struct PollfdView {
    int64_t index { 0 };
    int32_t fd { -1 };
    uint16_t events { 0 }, revents { 0 };
    bool written { false };               // the current record wrote this slot
    bool cursor { false };                // do_pollfd is polling this fd now
};

struct PollChunkView {
    int64_t first { 0 }, count { 0 };
    bool on_stack { false };
    int64_t bytes { 0 };                  // count * sizeof(struct pollfd)
    bool copying { false };               // the current record is this chunk's copy_from_user
};

struct PollView {
    bool valid { false };
    uint32_t table { 0 };                 // the poll_list / poll_wqueues object
    uint32_t task { 0 };
    std::string task_name;
    int64_t nfds { 0 };
    std::vector<PollfdView> fds;          // empty until the array is in the kernel
    std::vector<PollChunkView> chunks;
    int64_t scan_fd { -1 };
    uint32_t scan_pass { 0 };
    bool revents_written { false };       // results are being written back (__put_user)
    // The task's pollwake entries (__pollwait adds one per polled fd), shown beside the array so
    // the scan and the entries it registers are seen together while stepping.
    TaskWaitEntries wq;
};

PollView build_poll_view(const InspectInput& in);
// Chunk layout of n pollfds: 30 on the stack, then pages of 510.
std::vector<PollChunkView> poll_chunks(int64_t nfds);
std::string poll_events_text(uint32_t mask);   // "POLLIN|POLLRDNORM"

} // namespace ioscope::gui

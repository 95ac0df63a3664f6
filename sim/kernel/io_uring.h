// io_uring.h — the kernel-completion model of asynchronous I/O (io_uring/io_uring.c, poll.c,
// net.c; KERNEL.md §AIO). The submission and completion rings live in memory the process mapped
// from the ring fd (IORING_OFF_SQ_RING / IORING_OFF_SQES): the program writes SQEs and reads
// CQEs without system calls; io_uring_enter submits and, optionally, waits.
//
// A recv on a socket with no data is not a blocked task: io_arm_poll_handler hangs an entry with
// wake function io_poll_wake on the socket's wait queue. When data arrives, io_poll_wake (in the
// softirq) queues task_work for the submitting task and kicks it (TWA_SIGNAL); the task_work runs
// in that task's context — in io_cqring_wait or on its next return to user mode — and does the
// recv: the kernel copies the data into the user's buffer, THEN posts the CQE. That ordering is
// the difference from readiness (epoll) and from non-blocking I/O.
#pragma once
#include "wait_queue.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

namespace ioscope {

struct Sock;
struct Task;
struct IoUring;

enum class IoUringOp : uint8_t { Recv, Accept };   // IORING_OP_RECV, IORING_OP_ACCEPT

// struct io_kiocb: one submitted request.
struct IoUringReq {
    IoUringOp op { IoUringOp::Recv };
    uint64_t user_data { 0 };
    int fd { -1 };
    int64_t len { 0 };
    Sock* sk { nullptr };
    Task* task { nullptr };               // the submitter: its task_work completes the request
    IoUring* ring { nullptr };
    WaitEntry poll;                       // the armed poll entry (func = io_poll_wake)
};

// struct io_uring_cqe
struct IoUringCqe {
    uint64_t user_data { 0 };
    int64_t res { 0 };
};

// struct io_ring_ctx
struct IoUring {
    uint32_t id { 0 };                    // trace object (ObjType::AioContext)
    uint32_t entries { 0 };               // SQ size; the CQ is twice that
    WaitQueueHead cq_wait;                // tasks in io_cqring_wait
    std::deque<IoUringReq*> sq;           // SQEs written by the program, not yet submitted
    std::deque<IoUringCqe> cq;            // CQEs posted, not yet read by the program
    std::vector<std::unique_ptr<IoUringReq>> reqs;   // ownership
    uint32_t inflight { 0 };
};

} // namespace ioscope

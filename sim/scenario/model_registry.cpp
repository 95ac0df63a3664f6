// model_registry.cpp — the registry of program models a scenario can name, with their options.
// The scenario loader validates [[process]] tables against these schemas; the kernel's program
// factory (programs/factory.cpp) instantiates them.
#include "sim/scenario/scenario.h"

namespace ioscope {

const std::vector<ModelSchema>& program_models() {
    static const std::vector<ModelSchema> models = {
        { "blocking-echo-server",
          "One process, blocking sockets: accept a connection, then recv/handle/send until the "
          "client closes, then accept the next (the source texts' one-question-one-answer server).",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "backlog", OptType::Count, 128, 1, 65535, {}, "listen() backlog (accept queue limit)" },
              { "handler", OptType::Duration, 20000, 0, INT64_MAX, {}, "user-space CPU time to handle one request" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size passed to recv()" },
          } },
        { "cpu-bound",
          "A task that only computes in user mode (no system calls): it is preempted only by the "
          "clock interrupt when its time slice is used up.",
          {
              { "work", OptType::Duration, 50000000, 1, INT64_MAX, {}, "total user CPU time the task needs" },
              { "chunk", OptType::Duration, 1000000, 1, INT64_MAX, {}, "length of one compute loop iteration" },
          } },
        { "io-bound",
          "A task that accepts one connection and then loops: blocking recv(), a little computing per "
          "message. It spends most of its life Waiting.",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "handler", OptType::Duration, 50000, 0, INT64_MAX, {}, "user CPU time per message" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size passed to recv()" },
          } },
        { "process-per-connection-server",
          "The parent blocks in accept() and fork()s a child process per connection; the child serves "
          "the client with blocking calls and exits. Each child costs a fork, a PCB, a kernel stack and "
          "an address space.",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "backlog", OptType::Count, 128, 1, 65535, {}, "listen() backlog (accept queue limit)" },
              { "handler", OptType::Duration, 20000, 0, INT64_MAX, {}, "user-space CPU time to handle one request" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size passed to recv()" },
          } },
        { "thread-per-connection-server",
          "The main thread blocks in accept() and creates a kernel-supported thread per connection "
          "(pthread_create -> clone). Threads share the address space and fd table: cheaper to create "
          "and to switch between than processes, but each still has a PCB and two stacks.",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "backlog", OptType::Count, 128, 1, 65535, {}, "listen() backlog (accept queue limit)" },
              { "handler", OptType::Duration, 20000, 0, INT64_MAX, {}, "user-space CPU time to handle one request" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size passed to recv()" },
          } },
        { "thread-pool-server",
          "A fixed pool of worker threads; the main thread accepts and queues connections, workers wait "
          "on a condition variable (futex). When every worker is busy, connections wait in the queue.",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "backlog", OptType::Count, 128, 1, 65535, {}, "listen() backlog (accept queue limit)" },
              { "workers", OptType::Count, 4, 1, 4096, {}, "number of worker threads in the pool" },
              { "handler", OptType::Duration, 20000, 0, INT64_MAX, {}, "user-space CPU time to handle one request" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size passed to recv()" },
          } },
        { "busy-poll-server",
          "One process with non-blocking sockets and no readiness notification: it loops over accept() "
          "and recv() on every connection, getting EAGAIN most of the time, and never sleeps.",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "backlog", OptType::Count, 128, 1, 65535, {}, "listen() backlog (accept queue limit)" },
              { "handler", OptType::Duration, 20000, 0, INT64_MAX, {}, "user-space CPU time to handle one request" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size passed to recv()" },
              { "loop_overhead", OptType::Duration, 100, 0, INT64_MAX, {}, "user CPU time of one pass of the polling loop" },
          } },
        { "select-server",
          "One process multiplexing every connection with select(2): it rebuilds the fd_set bitmaps, the "
          "kernel copies them in, polls and registers on every fd, sleeps, is woken without being told "
          "which fd, rescans them all, and the program then checks every bit with FD_ISSET.",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "backlog", OptType::Count, 128, 1, 65535, {}, "listen() backlog (accept queue limit)" },
              { "handler", OptType::Duration, 20000, 0, INT64_MAX, {}, "user-space CPU time to handle one request" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size passed to recv()" },
              { "accept_loop", OptType::Bool, 0, 0, 1, {}, "listener O_NONBLOCK; accept until EAGAIN each time it is ready (nginx multi_accept)" },
          } },
        { "poll-server",
          "Like select-server but with poll(2): a pollfd array (no 1024-bit limit, events and revents kept "
          "apart), yet still every fd copied, polled and registered on every call.",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "backlog", OptType::Count, 128, 1, 65535, {}, "listen() backlog (accept queue limit)" },
              { "handler", OptType::Duration, 20000, 0, INT64_MAX, {}, "user-space CPU time to handle one request" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size passed to recv()" },
              { "accept_loop", OptType::Bool, 0, 0, 1, {}, "listener O_NONBLOCK; accept until EAGAIN each time it is ready (nginx multi_accept)" },
          } },
        { "epoll-server",
          "One process with one epoll instance: each connection is registered once (epoll_ctl ADD: red-black "
          "tree insert, ep_poll_callback hooked on the socket), and epoll_wait returns only the ready fds from "
          "the ready list. Level-triggered by default; edge_triggered = true drains each fd until EAGAIN.",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "backlog", OptType::Count, 128, 1, 65535, {}, "listen() backlog (accept queue limit)" },
              { "handler", OptType::Duration, 20000, 0, INT64_MAX, {}, "user-space CPU time to handle one request" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size passed to recv()" },
              { "accept_loop", OptType::Bool, 0, 0, 1, {}, "listener O_NONBLOCK; accept until EAGAIN each time it is ready (nginx multi_accept)" },
              { "maxevents", OptType::Count, 64, 1, 65536, {}, "size of the events array passed to epoll_wait" },
              { "edge_triggered", OptType::Bool, 0, 0, 1, {}, "register connections with EPOLLET (and drain until EAGAIN)" },
              { "drain_until_eagain", OptType::Bool, 1, 0, 1, {}, "with EPOLLET: keep reading until EAGAIN (false reproduces the partial-read stall)" },
              { "slow_handler", OptType::Duration, 0, 0, INT64_MAX, {}, "user CPU time of an occasional slow request (a Redis KEYS *), used every slow_every-th request" },
              { "slow_every", OptType::Count, 0, 0, 1000000, {}, "every Nth request the server handles takes slow_handler instead of handler (0 = never)" },
              { "write_on_epollout", OptType::Bool, 0, 0, 1, {}, "level-triggered only: after each read epoll_ctl MOD to EPOLLOUT, send when reported writable, then MOD back to EPOLLIN (two extra epoll_ctl per request)" },
          } },
        { "epoll-workers-server",
          "Nginx-style: a master creates the listening socket and forks workers; each worker has its own "
          "epoll instance watching the shared listen socket. Without EPOLLEXCLUSIVE every worker is woken for "
          "every new connection and all but one find nothing (the thundering herd). With reuseport each worker "
          "has a listen socket of its own instead (SO_REUSEPORT) and is woken only for the connections the "
          "kernel's 4-tuple hash sends to it.",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "backlog", OptType::Count, 128, 1, 65535, {}, "listen() backlog (accept queue limit)" },
              { "workers", OptType::Count, 4, 1, 256, {}, "number of worker processes" },
              { "exclusive", OptType::Bool, 0, 0, 1, {}, "watch the listen socket with EPOLLEXCLUSIVE" },
              { "reuseport", OptType::Bool, 0, 0, 1, {}, "each worker opens its own listen socket on the port with SO_REUSEPORT; the kernel picks one per connection by a hash of the 4-tuple" },
              { "handler", OptType::Duration, 20000, 0, INT64_MAX, {}, "user-space CPU time to handle one request" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size passed to recv()" },
          } },
        { "sigio-server",
          "Signal-driven I/O: sockets set to O_ASYNC with F_SETOWN, the process sleeps in pause(), the kernel "
          "sends SIGIO (sock_def_readable -> sk_wake_async -> kill_fasync -> send_sigio); the handler runs on the "
          "return to user mode, tries every socket without blocking, and still reads the data itself.",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "backlog", OptType::Count, 128, 1, 65535, {}, "listen() backlog (accept queue limit)" },
              { "handler", OptType::Duration, 20000, 0, INT64_MAX, {}, "user-space CPU time to handle one request" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size passed to recv()" },
          } },
        { "io-uring-server",
          "Asynchronous I/O with kernel completion (io_uring): accept and recv requests are written into a "
          "submission ring shared with the kernel; the kernel arms a poll (io_poll_wake) instead of blocking, "
          "and when data arrives its task_work copies the data into the program's buffer and then posts a "
          "completion. The program sleeps only in io_uring_enter and never calls recv.",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "backlog", OptType::Count, 128, 1, 65535, {}, "listen() backlog (accept queue limit)" },
              { "handler", OptType::Duration, 20000, 0, INT64_MAX, {}, "user-space CPU time to handle one request" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size of each recv request" },
              { "entries", OptType::Count, 256, 1, 32768, {}, "io_uring_setup entries (SQ ring size)" },
          } },
        { "posix-aio-server",
          "glibc POSIX AIO: aio_read with SIGEV_SIGNAL. glibc runs each request in a helper thread that makes an "
          "ordinary blocking recv; when it returns, rt_sigqueueinfo signals the process and the handler "
          "(aio_error/aio_return) answers and starts the next aio_read. The kernel sees blocking reads, not AIO.",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "backlog", OptType::Count, 128, 1, 65535, {}, "listen() backlog (accept queue limit)" },
              { "handler", OptType::Duration, 20000, 0, INT64_MAX, {}, "user-space CPU time to handle one request" },
              { "aio_threads", OptType::Count, 20, 1, 1024, {}, "glibc's aio_init aio_threads: helper threads at most" },
          } },
        { "user-level-threads-server",
          "A user-level thread library in one process: one user thread per connection, read/accept wrapped "
          "into non-blocking calls that switch user threads on EAGAIN, and poll() when all of them wait. The "
          "kernel sees one task. A call the library cannot wrap (blocking_call) stalls every user thread.",
          {
              { "port", OptType::Count, 7000, 1, 65535, {}, "TCP port to listen on" },
              { "backlog", OptType::Count, 128, 1, 65535, {}, "listen() backlog (accept queue limit)" },
              { "handler", OptType::Duration, 20000, 0, INT64_MAX, {}, "user-space CPU time to handle one request" },
              { "read_size", OptType::Bytes, 4096, 1, 1 << 30, {}, "buffer size passed to recv()" },
              { "blocking_call", OptType::Duration, 0, 0, INT64_MAX, {}, "length of an unwrappable blocking call (0 = none)" },
              { "blocking_every", OptType::Count, 0, 0, 1000000, {}, "make that call on every Nth request of a connection (0 = never)" },
          } },
        { "select-fd-setsize",
          "Opens enough sockets that its newest descriptor is >= 1024 and FD_SETs it: with _FORTIFY_SOURCE "
          "glibc's __fdelt_chk aborts the process (SIGABRT); without it the write lands past the 128-byte fd_set. "
          "The limit is glibc's fd_set type, not the kernel's.",
          {
              { "sockets", OptType::Count, 1030, 1, 100000, {}, "how many sockets to open (descriptors 3 .. sockets+2)" },
              { "fortify", OptType::Bool, 1, 0, 1, {}, "built with _FORTIFY_SOURCE (FD_SET is range-checked)" },
          } },
    };
    return models;
}

const ModelSchema* find_model(const std::string& name) {
    for (auto& m : program_models()) if (m.name == name) return &m;
    return nullptr;
}

} // namespace ioscope

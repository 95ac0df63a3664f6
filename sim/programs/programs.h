// programs.h — simulated user programs. Each reads like the C a student would write; the kernel
// model underneath makes every call cost what it costs.
#pragma once
#include <vector>
#include "sim/kernel/sys.h"
#include "sim/scenario/scenario.h"

namespace ioscope {

// socket() + bind(port) + listen(backlog): how every server here starts. Returns the fd.
KCo<int64_t> open_listener(Sys& sys, int port, int backlog);
// The connections a ready listener yields: one accept(), or (until_eagain: the listener must be
// O_NONBLOCK) accept() until -EAGAIN. Errors end the batch; what was accepted is returned.
KCo<std::vector<int>> accept_pending(Sys& sys, int lfd, bool until_eagain);

// The program for a [[process]] model name (validated by the scenario loader).
ProgramFactory make_program(const std::string& model, const Options& options);

KCo<void> blocking_echo_server(Sys& sys, Options o);
KCo<void> cpu_bound(Sys& sys, Options o);
KCo<void> io_bound(Sys& sys, Options o);
KCo<void> process_per_connection_server(Sys& sys, Options o);
KCo<void> thread_per_connection_server(Sys& sys, Options o);
KCo<void> thread_pool_server(Sys& sys, Options o);
KCo<void> busy_poll_server(Sys& sys, Options o);
KCo<void> select_server(Sys& sys, Options o);
KCo<void> poll_server(Sys& sys, Options o);
KCo<void> epoll_server(Sys& sys, Options o);
KCo<void> epoll_workers_server(Sys& sys, Options o);
KCo<void> sigio_server(Sys& sys, Options o);
KCo<void> io_uring_server(Sys& sys, Options o);
KCo<void> posix_aio_server(Sys& sys, Options o);
KCo<void> user_level_threads_server(Sys& sys, Options o);
KCo<void> select_fd_setsize(Sys& sys, Options o);

// The client workload of a scenario ([clients]): remote hosts talking to the NIC, or local
// client processes over loopback.
class Workload;
std::unique_ptr<Workload> start_workload(Kernel& k, const ClientSpec& spec);

} // namespace ioscope

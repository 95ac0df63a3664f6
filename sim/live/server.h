// server.h — the real servers of live mode: one listening TCP socket on 127.0.0.1 (port chosen
// by the kernel; nothing else is ever bound), serving a fixed-size request/response protocol
// (read `req_bytes`, answer `resp_bytes`) with one of six designs:
//   blocking      one thread, one connection at a time: accept, serve it until EOF, next
//   threads       thread per connection: an acceptor thread plus one blocking thread each
//   select        one thread, non-blocking sockets, select() (pselect6) over fd_set bitmaps
//   poll          one thread, poll() over a pollfd array
//   epoll-lt      one thread, epoll_wait, level-triggered: one accept / recv per report
//   epoll-et      one thread, epoll_wait, edge-triggered: accept / recv until EAGAIN
//
// Contract:
//  * start() returns once the listening socket is bound (port() valid) or with *error set.
//  * stop() is idempotent and always ends every server thread: it signals the stop eventfd
//    (multiplexing loops watch it), shuts down the listening socket (wakes a blocked accept) and
//    every connection a blocking thread may sleep on (wakes recv/send), then joins all threads.
//    After stop() the server holds no descriptor.
//  * Peers may reset, half-close, stall or send partial requests: the server never crashes or
//    spins; EINTR is retried, EAGAIN ends a drain, ECONNRESET/EPIPE close the connection.
//  * select never FD_SETs a descriptor >= FD_SETSIZE: such a connection is closed and counted
//    in refused_fd_setsize.
#pragma once
#include "recorder.h"

#include <atomic>
#include <future>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace ioscope::live {

bool is_server_mechanism(const std::string& m);
extern const char* const kServerMechanisms;      // "blocking, threads, select, poll, epoll-lt, epoll-et"

struct ServerConfig {
    std::string mechanism { "epoll-lt" };
    int req_bytes { 64 };
    int resp_bytes { 64 };
    int backlog { 128 };
};

struct ServerCounters {
    std::atomic<uint64_t> accepted { 0 }, closed { 0 }, requests { 0 };
    std::atomic<uint64_t> resets { 0 };                  // ECONNRESET / EPIPE from a peer
    std::atomic<uint64_t> partial_at_eof { 0 };          // a peer closed mid-request
    std::atomic<uint64_t> refused_fd_setsize { 0 };
    std::atomic<uint64_t> threads_peak { 0 };
    std::atomic<uint64_t> threads_live { 0 };
};

class LiveServer {
public:
    LiveServer(Recording& rec, ServerConfig cfg, uint32_t parent_tid);
    ~LiveServer() { stop(); }
    LiveServer(const LiveServer&) = delete;
    LiveServer& operator=(const LiveServer&) = delete;

    bool start(std::string* error);
    int port() const { return port_; }
    void stop();
    const ServerCounters& counters() const { return ctr_; }
    std::vector<std::string> errors() const;

    // --- used by the server loops (serve_*.cpp) ---------------------------------------------
    Recording& rec() { return rec_; }
    const ServerConfig& cfg() const { return cfg_; }
    ServerCounters& ctr() { return ctr_; }
    int stop_fd() const { return stop_efd_; }
    bool stopping() const { return stopping_.load(std::memory_order_acquire); }
    uint32_t parent_tid() const { return parent_tid_; }
    void note_error(const std::string& e);
    // Descriptors a blocking thread may sleep on, so that stop() can shut them down. close_fd
    // removes and closes under the same lock (no fd reuse race with stop()).
    void track_fd(int fd);
    int close_fd(int fd);
    void spawn_worker(std::thread t);                    // thread per connection
    void thread_started();
    void thread_ended() { ctr_.threads_live--; }
    void publish_port(int port);                         // server thread: listening (or -1)

private:
    void run_main();

    Recording& rec_;
    ServerConfig cfg_;
    uint32_t parent_tid_;
    ServerCounters ctr_;
    int stop_efd_ { -1 };
    std::atomic<bool> stopping_ { false };
    std::atomic<bool> stopped_ { false };
    std::thread main_;
    mutable std::mutex mu_;
    std::set<int> tracked_;
    std::vector<std::thread> workers_;
    std::vector<std::string> errors_;
    std::promise<int> port_promise_;
    std::atomic<bool> port_published_ { false };
    int port_ { 0 };
};

// Server loops, one per design (serve_blocking.cpp, serve_mux.cpp). Each runs on its own thread
// with its own ThreadRec, publishes the port, and returns when stop() is called.
void serve_blocking(LiveServer& s, bool thread_per_connection);
void serve_select(LiveServer& s);
void serve_poll(LiveServer& s);
void serve_epoll(LiveServer& s, bool edge_triggered);

} // namespace ioscope::live

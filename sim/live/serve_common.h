// serve_common.h — pieces every live server loop shares: the listening socket on 127.0.0.1 and
// the request/response bookkeeping of one connection. Internal to sim/live.
#pragma once
#include "server.h"
#include "thread_rec.h"

#include <cstddef>

namespace ioscope::live {

// socket + SO_REUSEADDR + bind(127.0.0.1:0) + listen + getsockname, all recorded; publishes the
// port (or -1 on failure, with the error noted). Returns the fd or -1.
int open_listener(LiveServer& s, ThreadRec& tr, bool nonblocking, uint32_t* obj);

constexpr size_t kIoBuf = 16384;

// One connection's protocol state: bytes of the current request received so far and response
// bytes still to send.
struct ConnState {
    int fd { -1 };
    uint32_t obj { 0 };
    size_t in { 0 };
    size_t out { 0 };
    bool watching_out { false };          // epoll LT: EPOLLOUT is in the interest mask
};

// Accounts `n` received bytes: every complete request queues one response.
void consume(LiveServer& s, ConnState& c, size_t n);

// Eof: the peer half-closed (FIN); responses already due must still be sent before closing.
enum class IoResult { Ok, WouldBlock, Eof, Closed };

// Non-blocking receive, once or until EAGAIN (drain). Eof = peer sent FIN; Closed = reset or error (counted).
IoResult receive(LiveServer& s, ThreadRec& tr, ConnState& c, bool drain, char* buf);
// Sends queued response bytes without blocking. WouldBlock = some are left (wait for POLLOUT).
IoResult flush(LiveServer& s, ThreadRec& tr, ConnState& c);
// Recorded close of a connection, counted.
void close_conn(LiveServer& s, ThreadRec& tr, ConnState& c);

} // namespace ioscope::live

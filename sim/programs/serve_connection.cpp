#include "serve_connection.h"

namespace ioscope {

KCo<void> serve_connection(Sys& sys, int cfd, Options o, int close_first) {
    if (close_first >= 0) co_await sys.close(close_first);
    for (;;) {
        int64_t n = co_await sys.recv(cfd, o["read_size"]);
        if (n <= 0) break;
        co_await sys.compute(SimTime(o["handler"]), "handle request");
        co_await sys.send(cfd, n);
    }
    co_await sys.close(cfd);
}

} // namespace ioscope

// serve_connection.h — the per-connection loop every "one worker per client" design shares:
// blocking recv, handle, send back, until the client closes.
#pragma once
#include "programs.h"

namespace ioscope {

// Serves `cfd` until EOF, then closes it. `close_first` (if >= 0) is closed before serving — a
// forked child drops its copy of the listening socket.
KCo<void> serve_connection(Sys& sys, int cfd, Options o, int close_first = -1);

} // namespace ioscope

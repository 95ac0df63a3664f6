// panels.h — one draw function per inspector, each drawing a view model from gui/inspect into
// the current ImGui window. Nothing here computes kernel state.
#pragma once
#include "gui/inspect/epoll_model.h"
#include "gui/inspect/poll_model.h"
#include "gui/inspect/process_model.h"
#include "gui/inspect/select_model.h"
#include "gui/inspect/signal_model.h"
#include "gui/inspect/socket_model.h"
#include "gui/inspect/waitqueue_model.h"

#include <map>

namespace ioscope::gui {

void draw_processes_panel(const ProcessView& v);
void draw_cpus_panel(const ProcessView& v);
void draw_wait_queues_panel(const WaitQueuesView& v);
void draw_select_panel(const SelectView& v);
void draw_poll_panel(const PollView& v);
void draw_sockets_panel(const SocketsView& v);
void draw_signals_panel(const SignalsView& v);

// The epoll panel animates rotations: it keeps the previous layout of each eventpoll and eases
// nodes from there to the new layout.
class EpollPanel {
public:
    void draw(const EpollView& v, double now_s);
    bool animating() const { return animating_; }

private:
    struct Anim { std::vector<RbNodeView> from, to; double start { -1 }; };
    std::map<uint32_t, Anim> anims_;
    bool animating_ { false };
};

} // namespace ioscope::gui

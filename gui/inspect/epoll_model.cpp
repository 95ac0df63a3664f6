// epoll_model.cpp — see the header.
#include "epoll_model.h"

#include <algorithm>
#include <functional>
#include <map>

namespace ioscope::gui {

using ioscope::Kind;

namespace {

bool epoll_kind(Kind k) {
    return k == Kind::RbInsert || k == Kind::RbErase || k == Kind::RbRecolor || k == Kind::RbRotate ||
           k == Kind::RdlAdd || k == Kind::RdlRemove || k == Kind::OvfAdd || k == Kind::OvfRemove;
}

uint32_t pick_epoll(const InspectInput& in) {
    const ioscope::Record* r = in.rec();
    if (r && epoll_kind(r->kind) && in.state.epolls.count(r->obj)) return r->obj;
    if (r && r->task) {
        // An eventpoll in the current task's fd table.
        auto t = in.state.tasks.find(r->task);
        if (t != in.state.tasks.end()) {
            auto table = in.state.fds.find(t->second.pid);
            if (table != in.state.fds.end())
                for (const auto& [fd, obj] : table->second)
                    if (in.state.epolls.count(obj)) return obj;
        }
    }
    // Otherwise the busiest one.
    uint32_t best = 0;
    size_t most = 0;
    for (const auto& [id, e] : in.state.epolls)
        if (!best || e.items.size() > most) { best = id; most = e.items.size(); }
    return best;
}

} // namespace

std::vector<RbNodeView> layout_rbtree(const ioscope::EpollInfo& ep) {
    std::map<uint32_t, uint32_t> left, right;   // parent -> child
    std::vector<uint32_t> roots;
    for (const auto& [id, n] : ep.items) {
        if (n.parent && ep.items.count(n.parent)) (n.right ? right : left)[n.parent] = id;
        else roots.push_back(id);
    }
    std::vector<RbNodeView> out;
    std::map<uint32_t, bool> seen;
    int rank = 0;
    // In-order walk; `seen` guards against a cycle in a hand-edited trace.
    std::function<void(uint32_t, int, uint32_t)> walk = [&](uint32_t id, int depth, uint32_t via) {
        if (seen[id]) return;
        seen[id] = true;
        if (auto l = left.find(id); l != left.end()) walk(l->second, depth + 1, id);
        const ioscope::EpItemInfo& n = ep.items.at(id);
        RbNodeView v;
        v.item = id;
        v.fd = n.fd;
        v.red = n.colour == 1;
        // The parent it is drawn under. (A hand-edited trace can have two nodes claim one child
        // slot; the loser is drawn as a separate root, without an edge.)
        v.parent = via;
        v.right = n.right != 0;
        v.depth = depth;
        v.rank = rank++;
        v.x = float(v.rank);
        v.y = float(depth);
        out.push_back(v);
        if (auto r = right.find(id); r != right.end()) walk(r->second, depth + 1, id);
    };
    // A simulated trace always has one root; an imported or hand-edited one may have several:
    // lay each out, left to right.
    std::sort(roots.begin(), roots.end(), [&](uint32_t a, uint32_t b) { return ep.items.at(a).fd < ep.items.at(b).fd; });
    for (uint32_t r : roots) walk(r, 0, 0);
    // Nodes no root reaches (a parent cycle in a hand-edited trace) are still shown.
    for (const auto& [id, n] : ep.items) if (!seen[id]) walk(id, 0, 0);
    return out;
}

std::vector<RbNodeView> interpolate_layout(const std::vector<RbNodeView>& from, const std::vector<RbNodeView>& to, float t) {
    t = std::clamp(t, 0.0f, 1.0f);
    const float s = t * t * (3 - 2 * t);          // smoothstep: eases in and out
    std::map<uint32_t, const RbNodeView*> prev;
    for (const RbNodeView& n : from) prev[n.item] = &n;
    std::vector<RbNodeView> out = to;
    for (RbNodeView& n : out) {
        auto it = prev.find(n.item);
        if (it == prev.end()) continue;           // a new node appears at its place
        n.x = it->second->x + (n.x - it->second->x) * s;
        n.y = it->second->y + (n.y - it->second->y) * s;
    }
    return out;
}

std::string epoll_change_by(const InspectInput& in) {
    const ioscope::Record* r = in.rec();
    if (!r || !epoll_kind(r->kind)) return {};
    const ioscope::CpuInfo* cpu = r->cpu < in.state.cpus.size() ? &in.state.cpus[r->cpu] : nullptr;
    const bool interrupt = cpu && (cpu->mode == ioscope::CpuMode::Softirq || cpu->mode == ioscope::CpuMode::Irq);
    std::string call;
    if (auto t = in.state.tasks.find(r->task); t != in.state.tasks.end()) call = in.str(t->second.syscall);
    switch (r->kind) {
    case Kind::OvfAdd: return "ep_poll_callback";
    case Kind::OvfRemove: return "ep_done_scan";
    case Kind::RdlAdd:
        if (interrupt) return "ep_poll_callback";
        if (call == "epoll_wait" || call == "epoll_pwait") return r->b == 1 ? "ep_send_events" : "ep_done_scan";
        if (call == "epoll_ctl") return "ep_insert";
        return "ep_poll_callback";
    case Kind::RdlRemove:
        if (call == "epoll_ctl") return "ep_remove";
        return "ep_send_events";
    case Kind::RbInsert: return "ep_rbtree_insert";
    case Kind::RbRecolor: case Kind::RbRotate:
        return ioscope::rb_step_is_erase(ioscope::RbStep(r->c & 0xff)) ? "rb_erase_cached" : "rb_insert_color";
    case Kind::RbErase: return "rb_erase_cached";
    default: return {};
    }
}

EpollView build_epoll_view(const InspectInput& in) {
    EpollView v;
    const uint32_t id = pick_epoll(in);
    auto it = in.state.epolls.find(id);
    if (!id || it == in.state.epolls.end()) return v;
    const ioscope::EpollInfo& ep = it->second;
    v.valid = true;
    v.ep = id;
    v.name = in.object_name(id);
    if (auto o = in.state.objects.find(id); o != in.state.objects.end()) {
        v.owner_task = o->second.task;
        v.owner_name = in.task_name(o->second.task);
    }
    v.rotations = ep.rotations;
    const ioscope::Record* r = in.rec();
    const bool mine = r && epoll_kind(r->kind) && r->obj == id;
    if (mine) {
        v.change = r->kind;
        v.change_item = r->obj2;
        v.change_fd = (r->kind == Kind::RdlAdd || r->kind == Kind::RdlRemove || r->kind == Kind::OvfAdd ||
                       r->kind == Kind::OvfRemove || r->kind == Kind::RbInsert || (r->kind == Kind::RbErase && r->a)) ? r->a : -1;
        v.by = epoll_change_by(in);
        if (r->kind == Kind::RbRotate) {
            v.rotate_dir = int(r->b & 1);
            if (auto p = ep.items.find(r->obj2); p != ep.items.end()) v.came_up = p->second.parent;
        }
        if (r->kind == Kind::RbRotate || r->kind == Kind::RbRecolor) v.step = ioscope::RbStep(r->c & 0xff);
        if (r->kind == Kind::RbErase) v.came_up = r->c;
    }
    // The layout is rebuilt only when the tree changes (c10k: ~6,000 epitems; a frame must not
    // rebuild it): the key is a hash of every node's links and colour.
    {
        struct Cache { uint32_t ep { 0 }; const void* trace { nullptr }; uint64_t hash { 0 }; size_t n { size_t(-1) }; std::vector<RbNodeView> nodes; };
        static thread_local Cache cache;
        uint64_t h = 1469598103934665603ull;
        auto mix = [&](uint64_t x) { h = (h ^ x) * 1099511628211ull; };
        for (const auto& [item, n] : ep.items) { mix(item); mix(n.fd); mix(n.parent); mix(uint64_t(n.colour) << 1 | n.right); }
        if (cache.ep != id || cache.trace != &in.trace || cache.hash != h || cache.n != ep.items.size()) {
            cache.ep = id; cache.trace = &in.trace; cache.hash = h; cache.n = ep.items.size();
            cache.nodes = layout_rbtree(ep);
        }
        v.nodes = cache.nodes;
    }
    for (RbNodeView& n : v.nodes) {
        n.highlight = mine && n.item == r->obj2 && (r->kind == Kind::RbInsert || r->kind == Kind::RbRecolor || r->kind == Kind::RbRotate);
        n.came_up = v.came_up && n.item == v.came_up;
        if (mine && v.change_fd < 0 && n.item == r->obj2) v.change_fd = n.fd;
    }
    auto fd_of_item = [&](uint32_t item) -> int64_t {
        auto n = ep.items.find(item);
        return n == ep.items.end() ? -1 : int64_t(n->second.fd);
    };
    for (uint32_t item : ep.rdllist)
        v.rdllist.push_back({ item, fd_of_item(item), mine && r->kind == Kind::RdlAdd && r->obj2 == item });
    for (uint32_t item : ep.ovflist)
        v.ovflist.push_back({ item, fd_of_item(item), mine && r->kind == Kind::OvfAdd && r->obj2 == item });
    // ep->wq: the wait queue object owned by the eventpoll.
    for (const auto& [qid, o] : in.state.objects) {
        if (o.type != ioscope::ObjType::WaitQueue || o.owner != id) continue;
        for (const ioscope::WaitEntryInfo& e : o.waiters)
            v.waiters.push_back({ e.id, e.task, in.task_name(e.task), (e.flags & ioscope::WQ_FLAG_EXCLUSIVE) != 0,
                                  in.str(e.func), r && r->kind == Kind::WqAdd && r->obj == qid && uint32_t(r->a) == e.id });
    }
    return v;
}

} // namespace ioscope::gui

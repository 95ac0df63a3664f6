// epoll_model.cpp — see the header.
#include "epoll_model.h"

#include <algorithm>
#include <atomic>
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

RbLayout build_rb_layout(const ioscope::EpollInfo& ep) {
    // Dense indexes in epitem-id order (the map's), and the child slots the parent links claim.
    // (A hand-edited trace can have two nodes claim one slot; the later one gets it and the other
    // is drawn as a separate root, without an edge.)
    const size_t n = ep.items.size();
    std::vector<uint32_t> ids;
    ids.reserve(n);
    std::unordered_map<uint32_t, int> dense;
    dense.reserve(n);
    for (const auto& [id, node] : ep.items) { dense.emplace(id, int(ids.size())); ids.push_back(id); }
    std::vector<int> lc(n, -1), rc(n, -1), roots;
    {
        int k = 0;
        for (const auto& [id, node] : ep.items) {
            auto p = node.parent ? dense.find(node.parent) : dense.end();
            if (p != dense.end()) (node.right ? rc : lc)[size_t(p->second)] = k;
            else roots.push_back(k);
            ++k;
        }
    }
    RbLayout L;
    L.nodes.reserve(n);
    std::vector<char> seen(n, 0);
    std::vector<int> out_of(n, -1);          // dense index -> position in L.nodes
    std::vector<int> side(n, -1);            // by position: drawn as its parent's left (0) / right (1) child
    struct Frame { int d; int depth; uint32_t via; int sd; };
    std::vector<Frame> stack;
    // In-order walk without recursion (a degenerate chain in a hand-made trace is thousands of
    // levels deep); `seen` guards against a cycle.
    auto walk = [&](int start) {
        auto down_left = [&](int d, int depth, uint32_t via, int sd) {
            while (d >= 0 && !seen[size_t(d)]) {
                seen[size_t(d)] = 1;
                stack.push_back({ d, depth, via, sd });
                via = ids[size_t(d)];
                d = lc[size_t(d)];
                ++depth;
                sd = 0;
            }
        };
        down_left(start, 0, 0, -1);
        while (!stack.empty()) {
            const Frame f = stack.back();
            stack.pop_back();
            const ioscope::EpItemInfo& node = ep.items.at(ids[size_t(f.d)]);
            RbNodeView v;
            v.item = ids[size_t(f.d)];
            v.fd = node.fd;
            v.red = node.colour == 1;
            v.parent = f.via;                // the parent it is drawn under
            v.right = node.right != 0;
            v.depth = f.depth;
            v.rank = int(L.nodes.size());
            v.x = float(v.rank);
            v.y = float(f.depth);
            out_of[size_t(f.d)] = v.rank;
            side[size_t(v.rank)] = f.sd;
            L.nodes.push_back(v);
            down_left(rc[size_t(f.d)], f.depth + 1, v.item, 1);
        }
    };
    // A simulated trace always has one root; an imported or hand-edited one may have several:
    // lay each out, left to right.
    std::sort(roots.begin(), roots.end(), [&](int a, int b) { return ep.items.at(ids[size_t(a)]).fd < ep.items.at(ids[size_t(b)]).fd; });
    for (int r : roots) walk(r);
    // Nodes no root reaches (a parent cycle in a hand-edited trace) are still shown.
    for (size_t d = 0; d < n; ++d) if (!seen[d]) walk(int(d));

    L.left.assign(n, -1);
    L.right.assign(n, -1);
    L.up.assign(n, -1);
    L.size.assign(n, 1);
    L.index.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const RbNodeView& v = L.nodes[i];
        L.index.emplace(v.item, int(i));
        if (!v.parent) { if (L.root < 0) L.root = int(i); continue; }
        const int p = out_of[size_t(dense.at(v.parent))];
        L.up[i] = p;
        (side[i] == 1 ? L.right : L.left)[size_t(p)] = int(i);
    }
    // Subtree sizes, deepest nodes first.
    std::vector<int> by_depth(n);
    for (size_t i = 0; i < n; ++i) by_depth[i] = int(i);
    std::sort(by_depth.begin(), by_depth.end(), [&](int a, int b) { return L.nodes[size_t(a)].depth > L.nodes[size_t(b)].depth; });
    for (int i : by_depth)
        if (L.up[size_t(i)] >= 0) L.size[size_t(L.up[size_t(i)])] += L.size[size_t(i)];
    return L;
}

std::vector<RbNodeView> layout_rbtree(const ioscope::EpollInfo& ep) { return build_rb_layout(ep).nodes; }

namespace {

std::atomic<size_t> g_layout_builds { 0 };

// The layout of the tree `ep` at its current version, built at most once per version.
std::shared_ptr<const RbLayout> cached_layout(const ioscope::Trace& trace, uint32_t id, const ioscope::EpollInfo& ep) {
    struct Cache { const void* trace { nullptr }; uint32_t ep { 0 }; uint64_t version { 0 }; std::shared_ptr<const RbLayout> layout; };
    static thread_local Cache cache;
    if (!cache.layout || cache.trace != &trace || cache.ep != id || cache.version != ep.items.version()) {
        cache.trace = &trace;
        cache.ep = id;
        cache.version = ep.items.version();
        cache.layout = std::make_shared<const RbLayout>(build_rb_layout(ep));
        ++g_layout_builds;
    }
    return cache.layout;
}

} // namespace

size_t epoll_layout_builds() { return g_layout_builds; }

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
    // The whole tree's layout (built once per tree version), then what is drawn of it: all of a
    // small tree; of a big one, the subtree around the change, found by following links.
    const std::shared_ptr<const RbLayout> layout = cached_layout(in.trace, id, ep);
    const RbLayout& L = *layout;
    v.tree_nodes = L.nodes.size();
    auto index_of = [&](uint32_t item) { auto f = L.index.find(item); return f == L.index.end() ? -1 : f->second; };
    if (L.nodes.size() <= kFullTree) {
        v.nodes = L.nodes;
    } else {
        v.partial = true;
        int anchor = mine ? index_of(r->obj2) : -1;
        if (anchor < 0) anchor = L.root;
        for (int up = 0; up < 2 && anchor >= 0 && L.up[size_t(anchor)] >= 0; ++up) anchor = L.up[size_t(anchor)];
        if (anchor >= 0) {
            const int top_depth = L.nodes[size_t(anchor)].depth;
            v.anchor_fd = L.nodes[size_t(anchor)].fd;
            v.anchor_depth = top_depth;
            auto visit = [&](auto&& self, int i, int d) -> void {
                const bool leaf_here = d == kSubtreeDepth;
                if (!leaf_here && L.left[size_t(i)] >= 0) self(self, L.left[size_t(i)], d + 1);
                RbNodeView m = L.nodes[size_t(i)];
                m.rank = int(v.nodes.size());
                m.x = float(m.rank);
                m.depth = d;
                m.y = float(d);
                if (i == anchor) m.parent = 0;
                v.nodes.push_back(m);
                if (leaf_here && L.size[size_t(i)] > 1) v.cut.push_back({ m.item, size_t(L.size[size_t(i)] - 1) });
                if (!leaf_here && L.right[size_t(i)] >= 0) self(self, L.right[size_t(i)], d + 1);
            };
            visit(visit, anchor, 0);
        }
    }
    const uint32_t changed_node = mine && (r->kind == Kind::RbInsert || r->kind == Kind::RbRecolor || r->kind == Kind::RbRotate) ? r->obj2 : 0;
    for (RbNodeView& n : v.nodes) {
        n.highlight = changed_node && n.item == changed_node;
        n.came_up = v.came_up && n.item == v.came_up;
    }
    if (mine && v.change_fd < 0)
        if (const int i = index_of(r->obj2); i >= 0) v.change_fd = L.nodes[size_t(i)].fd;
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

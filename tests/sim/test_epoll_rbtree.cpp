// epoll's interest tree, read from the trace one record at a time, is lib/rbtree.c step by step:
// an insert links the new red leaf first (RbInsert, rb_link_node), then rb_insert_color recolours
// and rotates in the kernel's order; an erase unlinks (RbErase, __rb_erase_augmented), then
// ____rb_erase_color rotates and recolours. State applies each record, so after every one the
// rebuilt tree is a binary search tree holding exactly the keys inserted so far, and once each
// epoll_ctl is done it is a red-black tree.
#include "sim_test_util.h"
#include "sim/kernel/kernel.h"
#include "sim/kernel/rbtree.h"
#include "sim/trace/state.h"

#include <algorithm>
#include <cerrno>
#include <functional>
#include <map>
#include <random>
#include <set>

using namespace ioscope;
using namespace ioscope::testing;
using namespace ioscope::literals;

namespace {

bool is_rb(Kind k) { return k == Kind::RbInsert || k == Kind::RbErase || k == Kind::RbRecolor || k == Kind::RbRotate; }

// What is wrong with State's copy of one tree ("" = nothing): links that do not agree both ways,
// not exactly one root, in-order keys other than `want`; with `rb`, a broken red-black rule.
std::string tree_problem(const EpollInfo& e, const std::multiset<int64_t>& want, bool rb) {
    uint32_t root = 0;
    for (const auto& [id, n] : e.items) {
        const std::string at = " (fd " + std::to_string(n.fd) + ")";
        if (!n.parent) {
            if (root) return "two roots" + at;
            root = id;
        } else {
            auto p = e.items.find(n.parent);
            if (p == e.items.end()) return "parent missing" + at;
            if (p->second.child[n.right] != id) return "the parent's child slot does not point back" + at;
        }
        for (int side = 0; side < 2; ++side) {
            if (!n.child[side]) continue;
            auto c = e.items.find(n.child[side]);
            if (c == e.items.end()) return "child missing" + at;
            if (c->second.parent != id || c->second.right != side) return "a child does not point back" + at;
        }
    }
    if (e.items.empty()) return want.empty() ? "" : "empty tree";
    if (!root) return "no root";
    std::vector<int64_t> keys;
    std::string bad;
    std::function<int(uint32_t, size_t)> walk = [&](uint32_t id, size_t depth) -> int {
        if (!id) return 1;
        if (depth > e.items.size()) { bad = "cycle"; return 0; }
        const EpItemInfo& n = e.items.at(id);
        const int l = walk(n.child[0], depth + 1);
        keys.push_back(n.fd);
        const int r = walk(n.child[1], depth + 1);
        if (rb && n.colour)
            for (uint32_t c : n.child)
                if (c && e.items.at(c).colour) bad = "red-red under fd " + std::to_string(n.fd);
        if (rb && l != r) bad = "black heights differ under fd " + std::to_string(n.fd);
        return l + (n.colour ? 0 : 1);
    };
    walk(root, 0);
    if (!bad.empty()) return bad;
    if (keys.size() != e.items.size()) return "nodes unreachable from the root";
    if (!std::equal(keys.begin(), keys.end(), want.begin(), want.end())) {
        std::string s = "in-order keys";
        for (int64_t k : keys) s += " " + std::to_string(k);
        return s + " (not sorted, or not the keys inserted)";
    }
    if (rb && e.items.at(root).colour) return "red root";
    return "";
}

// The records the kernel's observer makes (eventpoll.cpp), for a bare RbTree of Items.
struct Item { RbNode n; int key; uint32_t id; };
const Item* item(const RbNode* n) { return reinterpret_cast<const Item*>(n); }

Record to_record(const RbChange& ch) {
    Record r;
    r.obj = 1;
    r.obj2 = item(ch.node)->id;
    r.a = item(ch.node)->key;
    switch (ch.op) {
    case RbChange::Op::Link:
        r.kind = Kind::RbInsert;
        r.b = (ch.node->red ? 1 : 0) | (ch.right ? 2 : 0);
        r.c = ch.other ? item(ch.other)->id : 0;
        break;
    case RbChange::Op::Erase: r.kind = Kind::RbErase; r.c = ch.other ? item(ch.other)->id : 0; break;
    case RbChange::Op::Rotate: r.kind = Kind::RbRotate; r.b = ch.right; r.c = uint32_t(ch.step); break;
    case RbChange::Op::Recolor: r.kind = Kind::RbRecolor; r.b = ch.node->red; r.c = uint32_t(ch.step); break;
    }
    return r;
}

// An epoll_ctl program: sockets for keys 1..n, EPOLL_CTL_ADD in `add` order, then EPOLL_CTL_DEL
// in `del` order. fd_key maps each socket's fd to its key.
KCo<void> ctl_program(Sys& sys, std::vector<int> add, std::vector<int> del, int n, std::map<int64_t, int>* fd_key) {
    int64_t ep = co_await sys.epoll_create1();
    std::vector<int64_t> fds;
    for (int i = 0; i < n; ++i) {
        int64_t s = co_await sys.socket();
        fds.push_back(s);
        (*fd_key)[s] = i + 1;
    }
    for (int k : add) EXPECT_EQ(co_await sys.epoll_ctl(int(ep), EPOLL_CTL_ADD, int(fds[size_t(k - 1)]), EPOLLIN, 0), 0);
    for (int k : del) EXPECT_EQ(co_await sys.epoll_ctl(int(ep), EPOLL_CTL_DEL, int(fds[size_t(k - 1)]), 0, 0), 0);
}

struct CtlRun {
    std::unique_ptr<Trace> trace { std::make_unique<Trace>() };
    std::map<int64_t, int> fd_key;
};

CtlRun run_ctl(const std::vector<int>& add, const std::vector<int>& del, int n) {
    CtlRun run;
    Kernel k(machine(1), 1, run.trace.get());
    k.spawn("ctl", 0_ns, [&](Sys& s) { return ctl_program(s, add, del, n, &run.fd_key); });
    k.run(50_ms);
    return run;
}

// The tree records of a run's epoll_ctl calls, spelled with keys: "link 3 right of 2", "rotate left at 1
// (rb_insert_color case 3)", "recolor 2 black (...)", "erase 1", "erase 2 successor 3".
std::vector<std::string> rb_steps(const CtlRun& run) {
    std::map<uint32_t, int> key_of;                     // epitem id -> key
    std::vector<std::string> out;
    auto key = [&](uint32_t item) { return std::to_string(key_of.count(item) ? key_of[item] : -1); };
    bool in_ctl = false;                                // (the exit's close() erases the rest)
    for (const Record& r : run.trace->records) {
        if (r.kind == Kind::SyscallEnter || r.kind == Kind::SyscallExit) in_ctl = r.kind == Kind::SyscallEnter && run.trace->str(r.name) == "epoll_ctl";
        if (!is_rb(r.kind) || !in_ctl) continue;
        const auto fk = run.fd_key.find(r.a);
        if (fk != run.fd_key.end()) key_of[r.obj2] = fk->second;
        const std::string step = r.kind == Kind::RbRotate || r.kind == Kind::RbRecolor
                                     ? std::string(" (") + rb_step_name(RbStep(r.c)) + ")" : std::string();
        switch (r.kind) {
        case Kind::RbInsert:
            out.push_back("link " + key(r.obj2) + ((r.b & 1) ? " red" : " black") +
                          (r.c ? std::string((r.b & 2) ? " right" : " left") + " of " + key(r.c) : std::string(" root")));
            break;
        case Kind::RbErase: out.push_back("erase " + key(r.obj2) + (r.c ? " successor " + key(r.c) : std::string())); break;
        case Kind::RbRotate: out.push_back(std::string("rotate ") + ((r.b & 1) ? "right" : "left") + " at " + key(r.obj2) + step); break;
        default: out.push_back("recolor " + key(r.obj2) + ((r.b & 1) ? " red" : " black") + step); break;
        }
    }
    return out;
}

} // namespace

// A bare RbTree and State fed the same changes: 3,000 random inserts and erases, the tree checked
// after every record, the shapes compared after every operation, every case of both fixups seen.
TEST(EpollRbTree, StateFollowsEveryStepOfRandomInsertsAndErases) {
    RbTree tree([](const RbNode* a, const RbNode* b) { return item(a)->key < item(b)->key; });
    std::vector<std::unique_ptr<Item>> live;
    std::multiset<int64_t> keys;
    std::set<int> used;
    State st;
    StringTable strings;
    std::mt19937 rng(11);
    std::map<RbStep, size_t> seen;
    uint32_t next_id = 100;
    for (int op = 0; op < 3000; ++op) {
        const bool insert = live.empty() || rng() % 5 < 3;
        std::vector<Record> recs;
        RbTree::Observer obs = [&](const RbChange& ch) { recs.push_back(to_record(ch)); };
        uint32_t target = 0;
        if (insert) {
            auto it = std::make_unique<Item>();
            do it->key = int(rng() % 1000); while (used.count(it->key));
            used.insert(it->key);
            it->id = target = next_id++;
            tree.insert(&it->n, obs);
            live.push_back(std::move(it));
        } else {
            const size_t i = rng() % live.size();
            target = live[i]->id;
            tree.erase(&live[i]->n, obs);
            used.erase(live[i]->key);
            live.erase(live.begin() + long(i));
        }
        ASSERT_FALSE(recs.empty());
        EXPECT_EQ(recs[0].kind, insert ? Kind::RbInsert : Kind::RbErase) << "op " << op << ": the link/unlink comes first";
        EXPECT_EQ(recs[0].obj2, target);
        for (size_t k = 0; k < recs.size(); ++k) {
            const Record& r = recs[k];
            if (k) {
                ASSERT_TRUE(r.kind == Kind::RbRecolor || r.kind == Kind::RbRotate) << "op " << op;
                EXPECT_EQ(rb_step_is_erase(RbStep(r.c)), !insert) << "op " << op << " step " << r.c;
                seen[RbStep(r.c)]++;
            }
            if (r.kind == Kind::RbInsert) keys.insert(r.a);
            if (r.kind == Kind::RbErase) {
                auto f = keys.find(r.a);
                ASSERT_NE(f, keys.end()) << "op " << op << ": erased a key never inserted";
                keys.erase(f);
            }
            st.apply(r, strings);
            ASSERT_EQ(tree_problem(st.epolls[1], keys, false), "") << "op " << op << ", record " << k;
        }
        ASSERT_EQ(tree_problem(st.epolls[1], keys, true), "") << "op " << op;
        // State's shape is the tree's, node for node.
        ASSERT_EQ(st.epolls[1].items.size(), live.size());
        for (const auto& it : live) {
            const EpItemInfo& n = st.epolls[1].items.at(it->id);
            EXPECT_EQ(n.colour == 1, it->n.red);
            EXPECT_EQ(n.parent, it->n.parent ? item(it->n.parent)->id : 0u);
            EXPECT_EQ(n.child[0], it->n.left ? item(it->n.left)->id : 0u);
            EXPECT_EQ(n.child[1], it->n.right ? item(it->n.right)->id : 0u);
        }
        if (::testing::Test::HasFailure()) FAIL() << "after op " << op;
    }
    for (RbStep s : { RbStep::InsertRoot, RbStep::InsertCase1, RbStep::InsertCase2, RbStep::InsertCase3, RbStep::EraseCase1,
                      RbStep::EraseCase2, RbStep::EraseCase3, RbStep::EraseCase4 })
        EXPECT_GT(seen[s], 0u) << rb_step_name(s) << " never happened";
}

// The kernel's records: epoll_ctl ADD of 48 sockets in a shuffled order, then DEL of 30. Every
// syscall's tree records start with its one RbInsert / RbErase; after every record the rebuilt
// tree is a search tree of exactly the fds added so far; after every epoll_ctl, a red-black tree.
TEST(EpollRbTree, EpollCtlRecordsReplayRecordByRecord) {
    std::vector<int> add, del;
    for (int k = 1; k <= 48; ++k) add.push_back(k);
    std::mt19937 rng(5);
    for (size_t i = add.size() - 1; i > 0; --i) std::swap(add[i], add[rng() % (i + 1)]);
    del.assign(add.begin(), add.begin() + 30);
    for (size_t i = del.size() - 1; i > 0; --i) std::swap(del[i], del[rng() % (i + 1)]);
    CtlRun run = run_ctl(add, del, 48);
    const Trace& t = *run.trace;
    State st;
    std::multiset<int64_t> keys;
    int64_t op = -1;                 // the epoll_ctl in progress (-1: none)
    bool prev_rb = false, erasing = false;
    size_t changes = 0, ctl_calls = 0, rotations = 0;
    uint32_t ep = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        const Record& r = t.records[i];
        st.apply(r, t.strings);
        if (!is_rb(r.kind)) {
            prev_rb = false;
            if (r.kind == Kind::SyscallEnter && t.str(r.name) == "epoll_ctl") op = r.b;
            if (r.kind == Kind::SyscallExit && t.str(r.name) == "epoll_ctl") {
                EXPECT_EQ(tree_problem(st.epolls[ep], keys, true), "") << "after the epoll_ctl ending at record " << i;
                ++ctl_calls;
                op = -1;
            }
            continue;
        }
        ep = r.obj;
        if (!prev_rb) {
            // A change starts with its link (RbInsert) or unlink (RbErase), before any rebalancing.
            ASSERT_TRUE(r.kind == Kind::RbInsert || r.kind == Kind::RbErase) << "record " << i << " " << kind_name(r.kind);
            erasing = r.kind == Kind::RbErase;
            if (op != -1) { EXPECT_EQ(erasing, op == EPOLL_CTL_DEL) << "record " << i; }
            ++changes;
        } else {
            ASSERT_TRUE(r.kind == Kind::RbRecolor || r.kind == Kind::RbRotate) << "record " << i << ": one link per change";
            EXPECT_EQ(rb_step_is_erase(RbStep(r.c)), erasing) << "record " << i;
            EXPECT_NE(RbStep(r.c), RbStep::None) << "record " << i;
            auto n = st.epolls[ep].items.find(r.obj2);
            ASSERT_NE(n, st.epolls[ep].items.end());
            EXPECT_EQ(int64_t(n->second.fd), r.a) << "a = the node's fd";
        }
        prev_rb = true;
        if (r.kind == Kind::RbInsert) {
            EXPECT_EQ(r.b & 1, 1) << "rb_link_node links a red leaf";
            keys.insert(r.a);
        }
        if (r.kind == Kind::RbErase) {
            auto f = keys.find(r.a);
            ASSERT_NE(f, keys.end()) << "record " << i << ": erased an fd never inserted";
            keys.erase(f);
        }
        rotations += r.kind == Kind::RbRotate;
        ASSERT_EQ(tree_problem(st.epolls[ep], keys, false), "") << "record " << i << " (" << kind_name(r.kind) << ")";
    }
    EXPECT_GE(changes, 78u);
    EXPECT_EQ(ctl_calls, 78u);
    EXPECT_GT(rotations, 10u);
}

// Known sequences, worked by hand through lib/rbtree.c.
TEST(EpollRbTree, KnownInsertSequencesRotateAsLibRbtreeDoes) {
    // 1, 2, 3 ascending: 3's parent 2 is red with no uncle and 3 is an outer grandchild: case 3,
    // one left rotation at the root; 2 takes 1's black, 1 turns red.
    EXPECT_EQ(rb_steps(run_ctl({ 1, 2, 3 }, {}, 3)),
              (std::vector<std::string> { "link 1 red root", "recolor 1 black (rb_insert_color (root))", "link 2 red right of 1",
                                          "link 3 red right of 2", "rotate left at 1 (rb_insert_color case 3)",
                                          "recolor 2 black (rb_insert_color case 3)", "recolor 1 red (rb_insert_color case 3)" }));
    // 3, 1, 2: 2 is an inner grandchild: case 2 (left rotation at its parent 1), then case 3
    // (right rotation at 3).
    EXPECT_EQ(rb_steps(run_ctl({ 3, 1, 2 }, {}, 3)),
              (std::vector<std::string> { "link 3 red root", "recolor 3 black (rb_insert_color (root))", "link 1 red left of 3",
                                          "link 2 red right of 1", "rotate left at 1 (rb_insert_color case 2)",
                                          "rotate right at 3 (rb_insert_color case 3)", "recolor 2 black (rb_insert_color case 3)",
                                          "recolor 3 red (rb_insert_color case 3)" }));
    // 2, 1, 3, 4: 4's uncle 1 is red: case 1 flips uncle, parent (black) and grandparent (red);
    // the grandparent is the root, which turns black again. No rotation.
    EXPECT_EQ(rb_steps(run_ctl({ 2, 1, 3, 4 }, {}, 4)),
              (std::vector<std::string> { "link 2 red root", "recolor 2 black (rb_insert_color (root))", "link 1 red left of 2",
                                          "link 3 red right of 2", "link 4 red right of 3", "recolor 1 black (rb_insert_color case 1)",
                                          "recolor 3 black (rb_insert_color case 1)", "recolor 2 red (rb_insert_color case 1)",
                                          "recolor 2 black (rb_insert_color (root))" }));
}

TEST(EpollRbTree, KnownErasesRebalanceAsLibRbtreeDoes) {
    auto tail = [](std::vector<std::string> v, size_t n) { return std::vector<std::string>(v.end() - long(n), v.end()); };
    // 2B(1B, 3B(-, 4R)); erase 1, a black leaf: its sibling 3 has a red far child: case 4 (4
    // turns black, left rotation at 2; 3 already has 2's black).
    EXPECT_EQ(tail(rb_steps(run_ctl({ 2, 1, 3, 4 }, { 1 }, 4)), 3),
              (std::vector<std::string> { "erase 1", "recolor 4 black (rb_erase case 4)", "rotate left at 2 (rb_erase case 4)" }));
    // 2B(1B, 4B(3R, -)); erase 1: the sibling's near child is red: case 3 (right rotation at 4),
    // then case 4 (left rotation at 2; 3 comes up with 2's black).
    EXPECT_EQ(tail(rb_steps(run_ctl({ 2, 1, 4, 3 }, { 1 }, 4)), 4),
              (std::vector<std::string> { "erase 1", "rotate right at 4 (rb_erase case 3)", "rotate left at 2 (rb_erase case 4)",
                                          "recolor 3 black (rb_erase case 4)" }));
    // 2B(1R, 3R); erase 2, which has two children: its successor 3 takes its place and black
    // colour; a red node left the right subtree: nothing to rebalance.
    EXPECT_EQ(tail(rb_steps(run_ctl({ 2, 1, 3 }, { 2 }, 3)), 1), (std::vector<std::string> { "erase 2 successor 3" }));
    // 2B(1B, 3B); erase 1: sibling 3 and its children black: case 2 (3 turns red), the parent 2
    // is black and the root: done.
    EXPECT_EQ(tail(rb_steps(run_ctl({ 2, 1, 3, 4 }, { 4, 1 }, 4)), 2),
              (std::vector<std::string> { "erase 1", "recolor 3 red (rb_erase case 2)" }));
}

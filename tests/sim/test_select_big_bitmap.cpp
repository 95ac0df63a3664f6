// select(2) past glibc's FD_SETSIZE with a hand-sized bitmap (KERNEL.md §1, myth 1; libevent's
// select backend): core_sys_select clamps nfds only to the fd table, copies FDS_BYTES(nfds) in
// (get_fd_set) and out (set_fd_set) per set, and max_select_fd / do_select walk nfds bits a
// word at a time. The sweep (sweep_bench.cpp) watches N read ends at descriptors 4 .. N+3, so
// N = 4092 gives nfds = 4096: 64 words, 512 bytes per set. Costs are compared as differences
// between runs that change one per-step constant, so they show what the model charges per word
// and per byte, not absolute times. (The glibc fd_set programs' abort at fd >= 1024 is covered in
// test_select_poll.cpp, FdSetSizeIsGlibcsLimitNotTheKernels, and test_c10k.cpp.)
#include "sim_test_util.h"
#include "sim/programs/sweep_bench.h"

using namespace ioscope;
using namespace ioscope::testing;

namespace {
constexpr int kN = 4092;                   // read ends 4 .. 4095: nfds = 4096
constexpr int kNfds = 4096, kWords = kNfds / 64, kBytes = kWords * 8;
} // namespace

TEST(SelectBigBitmap, KernelTakesNfdsBeyondFdSetsizeAndScansEveryBit) {
    Trace tr;
    SweepPoint p = run_sweep_point("select", kN, 1, 3, 1, CostModel {}, SweepWriter::Self, &tr);
    ASSERT_TRUE(p.supported) << p.note;
    EXPECT_TRUE(p.reported_ok) << "each call reports exactly the one active read end";
    EXPECT_EQ(p.fds_scanned, double(kN)) << "vfs_poll once per set bit";
    EXPECT_EQ(p.bytes_copied, double(2 * kBytes)) << "one set: FDS_BYTES(n) in and FDS_BYTES(n) out";
    size_t in = SIZE_MAX, out = SIZE_MAX;
    for (size_t i = 0; i < tr.size(); ++i) {
        if (tr.records[i].kind == Kind::FdSetCopyIn) in = i;
        if (tr.records[i].kind == Kind::FdSetCopyOut) out = i;
    }
    ASSERT_NE(in, SIZE_MAX);
    ASSERT_NE(out, SIZE_MAX);
    EXPECT_EQ(tr.records[in].a, kNfds) << "nfds is not clamped to 1024";
    EXPECT_EQ(tr.records[in].b, kBytes) << "FDS_BYTES(4096)";
    EXPECT_EQ(tr.records[out].b, kBytes);
    // The words the kernel copied in for the last call: 64, the last one all ones (fds 4032..4095).
    int words = 0;
    uint64_t last = 0;
    for (size_t i = in + 1; i < tr.size() && tr.records[i].kind == Kind::FdSetWord; ++i) {
        if (tr.records[i].c != 0) continue;
        ++words;
        last = uint64_t(tr.records[i].b);
    }
    EXPECT_EQ(words, kWords);
    EXPECT_EQ(last, ~uint64_t(0));
}

TEST(SelectBigBitmap, WordWalkAndCopiesAreChargedPerWordAndPerByte) {
    // A call with timeout 0 makes one pass: max_select_fd walks the words once, do_select once.
    const CostModel base;
    auto median = [](int n, const CostModel& c) {
        SweepPoint p = run_sweep_point("select", n, 1, 3, 1, c);
        EXPECT_TRUE(p.supported && p.reported_ok) << p.note;
        return double(p.median_ns);
    };
    const double at_base = median(kN, base);
    CostModel words = base;
    words.select_word_ns = base.select_word_ns + 1000;
    EXPECT_NEAR(median(kN, words) - at_base, 2.0 * kWords * 1000, 0.1 * 2 * kWords * 1000)
        << "max_select_fd + one do_select pass, each over nfds / 64 words";
    CostModel bytes = base;
    bytes.copy_ps_per_byte = base.copy_ps_per_byte + 100000;   // +100 ns per byte
    const double per_call_copy = 2.0 * kBytes * 100;            // get_fd_set + set_fd_set
    EXPECT_NEAR(median(kN, bytes) - at_base, per_call_copy, 0.1 * per_call_copy);
    // Linear in nfds: half the descriptors, half the bytes copied.
    const int half = kNfds / 2 - 4;                             // nfds = 2048
    EXPECT_NEAR(median(half, bytes) - median(half, base), per_call_copy / 2, 0.1 * per_call_copy / 2);
}

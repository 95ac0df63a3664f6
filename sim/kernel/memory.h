// memory.h — what each kernel object costs in memory, for the memory_bytes metric. Figures are
// x86-64 Linux 6.x orders of magnitude (sizeof(struct task_struct) ≈ 9.6 KB; THREAD_SIZE = 16 KiB
// kernel stacks); user stacks count the pages a typical thread touches, not the 8 MiB it reserves.
#pragma once
#include <cstdint>

namespace ioscope {

struct MemoryModel {
    static constexpr int64_t task_struct = 9600;        // the PCB
    static constexpr int64_t kernel_stack = 16384;      // THREAD_SIZE
    static constexpr int64_t user_stack = 8192;         // resident part of a thread's user stack
    static constexpr int64_t address_space = 32768;     // mm_struct, VMAs, page-table pages of a forked process
    static constexpr int64_t socket = 2048;             // struct socket + struct sock + file
};

struct MemoryUse {
    int64_t pcbs { 0 }, kernel_stacks { 0 }, user_stacks { 0 }, address_spaces { 0 }, socket_buffers { 0 };
    int64_t total() const { return pcbs + kernel_stacks + user_stacks + address_spaces + socket_buffers; }
};

} // namespace ioscope

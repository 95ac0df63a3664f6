// huge_page_allocator.cpp — see the header. Linux only (mmap/madvise).
#include "huge_page_allocator.h"

#include <sys/mman.h>

#include <cstdint>

namespace ioscope::huge_pages {

namespace {
constexpr uintptr_t kHuge = uintptr_t(2) << 20;
size_t mapped_length(size_t bytes) { return (bytes + kHuge - 1) & ~(kHuge - 1); }
} // namespace

// Map the length plus one huge page of slack, keep the 2 MiB-aligned middle, unmap the rest.
void* allocate(size_t bytes) {
    const size_t len = mapped_length(bytes);
    void* raw = mmap(nullptr, len + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return nullptr;
    const uintptr_t start = reinterpret_cast<uintptr_t>(raw);
    const uintptr_t aligned = (start + kHuge - 1) & ~(kHuge - 1);
    if (aligned > start) munmap(raw, aligned - start);
    const uintptr_t end = start + len + kHuge;
    if (end > aligned + len) munmap(reinterpret_cast<void*>(aligned + len), end - (aligned + len));
#ifdef MADV_HUGEPAGE
    madvise(reinterpret_cast<void*>(aligned), len, MADV_HUGEPAGE);   // advice only: may be ignored
#endif
    return reinterpret_cast<void*>(aligned);
}

void deallocate(void* p, size_t bytes) {
    if (p) munmap(p, mapped_length(bytes));
}

} // namespace ioscope::huge_pages

// huge_page_allocator.h — the allocator of the trace's record array.
//
// Why: a one-second C10K run under poll records ~23 M records (1.1 GB). With std::allocator
// every doubling of the vector lands in fresh memory that is touched 4 KiB page by page, and on
// a virtual machine each of those ~400,000 page faults costs more than the simulation step that
// caused it (it was half of the run's CPU time). Blocks of at least 4 MiB are therefore mapped
// 2 MiB-aligned and advised MADV_HUGEPAGE *before* anything is written — including the copy a
// vector makes when it grows — so transparent huge pages back them from the first touch.
// Smaller blocks use operator new. Contract: a stateless std allocator; any two compare equal.
#pragma once
#include <cstddef>
#include <new>

namespace ioscope {

namespace huge_pages {
void* allocate(size_t bytes);                 // nullptr on failure
void deallocate(void* p, size_t bytes);
constexpr size_t kThreshold = size_t(4) << 20;
} // namespace huge_pages

template <class T>
struct HugePageAllocator {
    using value_type = T;
    HugePageAllocator() noexcept = default;
    template <class U> HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

    T* allocate(size_t n) {
        if (n > size_t(-1) / sizeof(T)) throw std::bad_array_new_length();
        const size_t bytes = n * sizeof(T);
        if (bytes < huge_pages::kThreshold) return static_cast<T*>(::operator new(bytes));
        if (void* p = huge_pages::allocate(bytes)) return static_cast<T*>(p);
        throw std::bad_alloc();
    }
    void deallocate(T* p, size_t n) noexcept {
        const size_t bytes = n * sizeof(T);
        if (bytes < huge_pages::kThreshold) ::operator delete(p);
        else huge_pages::deallocate(p, bytes);
    }
    template <class U> bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

} // namespace ioscope

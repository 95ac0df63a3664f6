// futex.h — a futex word in user memory and the kernel's wait queue for it (the hash bucket's
// futex_q list, modelled as one wait queue per futex). pthread mutexes and condition variables
// are built on it in user space; the kernel only sleeps and wakes.
#pragma once
#include "wait_queue.h"

#include <cstdint>

namespace ioscope {

struct Futex {
    int64_t value { 0 };                  // the user-space word
    WaitQueueHead wq;                     // futex_q entries of the sleepers (FIFO)
};

} // namespace ioscope

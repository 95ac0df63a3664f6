#include "user_threads.h"

#include <cerrno>

namespace ioscope {

// Park the running fiber until `fd` is readable and continue the scheduler (symmetric transfer:
// a user-mode context switch, no system call).
struct UserThreads::Park {
    UserThreads& lib;
    int fd;
    uint32_t events { POLLIN };
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) {
        lib.current_->resume = h;
        lib.current_->wait_fd = fd;
        lib.current_->wait_events = events;
        lib.blocked_.push_back(lib.current_);
        lib.current_ = nullptr;
        return lib.scheduler_;
    }
    void await_resume() const noexcept {}
};

// Run a fiber until it parks or finishes; the scheduler continues after that.
struct UserThreads::SwitchTo {
    UserThreads& lib;
    Fiber* f;
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) {
        lib.scheduler_ = h;
        lib.current_ = f;
        if (f->resume) return f->resume;
        auto handle = f->co.handle();
        handle.promise().on_root_done = &UserThreads::fiber_done;   // a finished fiber...
        handle.promise().root_ctx = &lib;
        return handle;
    }
    void await_resume() const noexcept {}
};

void UserThreads::fiber_done(void* p) {
    // ...marks itself done, frees its stack and hands the CPU back to the scheduler.
    auto& lib = *static_cast<UserThreads*>(p);
    lib.current_->done = true;
    lib.sys_.kernel().account_user_stacks(-MemoryModel::user_stack);
    lib.current_ = nullptr;
    lib.scheduler_.resume();
}

void UserThreads::spawn(ProgramFactory body) {
    // The library maps a stack for every fiber (as a thread's, its resident part counts): the
    // kernel sees no new task, but the process's memory grows with the user threads.
    sys_.kernel().account_user_stacks(MemoryModel::user_stack);
    auto f = std::make_unique<Fiber>();
    f->co = body(sys_);
    runnable_.push_back(f.get());
    all_.push_back(std::move(f));
}

KCo<int64_t> UserThreads::read(int fd, int64_t len) {
    for (;;) {
        int64_t n = co_await sys_.recv(fd, len);
        if (n != -EAGAIN) co_return n;
        co_await Park{*this, fd};
    }
}

// A non-blocking send may take only part of the data (the send buffer fills) or none of it
// (-EAGAIN): the fiber waits for POLLOUT — sk_stream_write_space — and sends the rest.
KCo<int64_t> UserThreads::write(int fd, int64_t len) {
    int64_t sent = 0;
    while (sent < len) {
        int64_t n = co_await sys_.send(fd, len - sent);
        if (n == -EAGAIN) {
            co_await Park{*this, fd, POLLOUT};
            continue;
        }
        if (n < 0) co_return sent > 0 ? sent : n;
        sent += n;
    }
    co_return sent;
}

KCo<int64_t> UserThreads::accept(int lfd) {
    for (;;) {
        int64_t fd = co_await sys_.accept(lfd);
        if (fd != -EAGAIN) co_return fd;
        co_await Park{*this, lfd};
    }
}

KCo<void> UserThreads::run() {
    const int64_t switch_ns = sys_.kernel().cost().ult_switch_ns;   // [machine.costs] ult_switch_ns
    for (;;) {
        if (runnable_.empty()) {
            if (blocked_.empty()) co_return;
            // Every fiber waits: the one kernel task sleeps in poll() on all their fds.
            std::vector<PollFd> fds;
            for (Fiber* f : blocked_) fds.push_back(PollFd{f->wait_fd, f->wait_events, 0});
            int64_t n = co_await sys_.poll(fds, -1);
            if (n <= 0) continue;
            std::vector<Fiber*> still;
            for (size_t i = 0; i < blocked_.size(); ++i) {
                if (fds[i].revents) runnable_.push_back(blocked_[i]);
                else still.push_back(blocked_[i]);
            }
            blocked_.swap(still);
            continue;
        }
        Fiber* f = runnable_.front();
        runnable_.pop_front();
        co_await sys_.compute(SimTime(switch_ns), "user-level thread switch");
        co_await SwitchTo{*this, f};
    }
}

// ---------------------------------------------------------------------------------------------
// The server: an acceptor fiber and one fiber per connection, all in one kernel task.
// ---------------------------------------------------------------------------------------------
namespace {
KCo<void> ult_serve(Sys& sys, UserThreads* lib, int cfd, Options o) {
    for (int64_t served = 1;; ++served) {
        int64_t n = co_await lib->read(cfd, o["read_size"]);
        if (n <= 0) break;
        if (o["blocking_call"] > 0 && o["blocking_every"] > 0 && served % o["blocking_every"] == 0) {
            // A call the library cannot wrap (a blocking lookup, a disk read): it blocks the
            // kernel task — every user thread stops until it returns.
            co_await sys.sleep(SimTime(o["blocking_call"]));
        }
        co_await sys.compute(SimTime(o["handler"]), "handle request");
        if (co_await lib->write(cfd, n) < 0) break;
    }
    co_await sys.close(cfd);
}

KCo<void> ult_acceptor(Sys& sys, UserThreads* lib, int lfd, Options o) {
    for (;;) {
        int64_t cfd = co_await lib->accept(lfd);
        if (cfd < 0) continue;
        co_await sys.set_nonblock(int(cfd), true);
        int c = int(cfd);
        lib->spawn([lib, c, o](Sys& s) { return ult_serve(s, lib, c, o); });
    }
}
} // namespace

KCo<void> user_level_threads_server(Sys& sys, Options o) {
    int64_t lfd = co_await open_listener(sys, int(o["port"]), int(o["backlog"]));
    co_await sys.set_nonblock(int(lfd), true);
    auto lib = std::make_unique<UserThreads>(sys);
    int l = int(lfd);
    UserThreads* p = lib.get();
    lib->spawn([p, l, o](Sys& s) { return ult_acceptor(s, p, l, o); });
    co_await lib->run();
}

} // namespace ioscope

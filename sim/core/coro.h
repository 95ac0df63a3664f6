// coro.h — KCo<T>: the lazy, awaitable C++20 coroutine used for simulated user programs and for
// kernel code paths that can sleep (a syscall body, sk_wait_data, an interrupt handler).
//
// Contract:
//  * Lazy: nothing runs until the KCo is co_awaited (or started by the kernel as a root).
//  * Awaiting a KCo transfers control symmetrically into it; when it finishes, control returns
//    to the awaiter. Recursion depth costs no native stack.
//  * An exception thrown inside propagates to the awaiter at co_await, as with a function call.
//    A root (a task's main, an IRQ handler) catches it: the kernel records the crash
//    (Kind::TaskCrash); nothing is swallowed (STYLE.md §4).
//  * Roots: start_root() runs a KCo<void> detached with a completion callback, used by the
//    kernel to launch task mains and interrupt handlers.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace ioscope {

template <class T> class KCo;

namespace detail {

struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
        auto& p = h.promise();
        if (p.continuation) return p.continuation;
        if (p.on_root_done) p.on_root_done(p.root_ctx);   // a root finished: tell the owner
        return std::noop_coroutine();
    }
    void await_resume() const noexcept {}
};

struct PromiseBase {
    std::coroutine_handle<> continuation;
    std::exception_ptr error;
    void (*on_root_done)(void*) = nullptr;
    void* root_ctx = nullptr;
    std::suspend_always initial_suspend() const noexcept { return {}; }
    FinalAwaiter final_suspend() const noexcept { return {}; }
    void unhandled_exception() noexcept { error = std::current_exception(); }
};

template <class T>
struct Promise : PromiseBase {
    T value {};
    KCo<T> get_return_object() noexcept;
    void return_value(T v) noexcept { value = std::move(v); }
};

template <>
struct Promise<void> : PromiseBase {
    KCo<void> get_return_object() noexcept;
    void return_void() noexcept {}
};

} // namespace detail

template <class T = void>
class [[nodiscard]] KCo {
public:
    using promise_type = detail::Promise<T>;
    using handle_type = std::coroutine_handle<promise_type>;

    KCo() = default;
    explicit KCo(handle_type h) : h_(h) {}
    KCo(KCo&& o) noexcept : h_(std::exchange(o.h_, {})) {}
    KCo& operator=(KCo&& o) noexcept { if (this != &o) { destroy(); h_ = std::exchange(o.h_, {}); } return *this; }
    KCo(const KCo&) = delete;
    KCo& operator=(const KCo&) = delete;
    ~KCo() { destroy(); }

    bool await_ready() const noexcept { return !h_ || h_.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiter) noexcept {
        h_.promise().continuation = awaiter;
        return h_;
    }
    T await_resume() {
        auto& p = h_.promise();
        if (p.error) std::rethrow_exception(p.error);
        if constexpr (!std::is_void_v<T>) return std::move(p.value);
    }

    // Root use: run detached; `done(ctx)` is called when it finishes (normally or by exception).
    void start_root(void (*done)(void*), void* ctx) {
        h_.promise().on_root_done = done;
        h_.promise().root_ctx = ctx;
        h_.resume();
    }
    bool done() const { return !h_ || h_.done(); }
    std::exception_ptr error() const { return h_ ? h_.promise().error : nullptr; }
    handle_type handle() const { return h_; }

private:
    void destroy() { if (h_) { h_.destroy(); h_ = {}; } }
    handle_type h_ {};
};

namespace detail {
template <class T>
KCo<T> Promise<T>::get_return_object() noexcept { return KCo<T>(std::coroutine_handle<Promise<T>>::from_promise(*this)); }
inline KCo<void> Promise<void>::get_return_object() noexcept { return KCo<void>(std::coroutine_handle<Promise<void>>::from_promise(*this)); }
} // namespace detail

} // namespace ioscope

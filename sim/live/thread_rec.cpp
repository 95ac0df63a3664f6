#include "thread_rec.h"

#include <pthread.h>

namespace ioscope::live {

namespace {
int64_t tv_ns(const timeval& tv) { return int64_t(tv.tv_sec) * 1000000000 + int64_t(tv.tv_usec) * 1000; }
} // namespace

ThreadRec::ThreadRec(Recording& rec, const std::string& comm, uint32_t parent_tid)
    : rec_(rec), tid_(current_tid()), pid_(uint32_t(getpid())), on_(rec.enabled()) {
    buf_ = rec_.attach(tid_);
    buf_->stats.tid = tid_;
    buf_->stats.comm = comm;
    pthread_setname_np(pthread_self(), comm.substr(0, 15).c_str());
    getrusage(RUSAGE_THREAD, &start_);
    last_nvcsw_ = start_.ru_nvcsw;
    last_nivcsw_ = start_.ru_nivcsw;
    if (!on_) return;
    uint32_t name = rec_.intern(comm);
    int64_t t = mono_ns();
    Record& n = rec_.emit(buf_, Kind::TaskNew, t);
    n.task = tid_;
    n.a = pid_;
    n.b = parent_tid;
    n.c = tid_ == pid_ ? 0 : 1;                  // a thread sharing the process's mm
    n.name = name;
    Record& s = rec_.emit(buf_, Kind::StateChange, t);
    s.task = tid_;
    s.a = int64_t(TaskState::Running);
    s.b = int64_t(LinuxState::Running);
}

ThreadRec::~ThreadRec() {
    rusage end {};
    getrusage(RUSAGE_THREAD, &end);
    ThreadStats& st = buf_->stats;
    st.nvcsw = uint64_t(end.ru_nvcsw - start_.ru_nvcsw);
    st.nivcsw = uint64_t(end.ru_nivcsw - start_.ru_nivcsw);
    st.user_ns = tv_ns(end.ru_utime) - tv_ns(start_.ru_utime);
    st.sys_ns = tv_ns(end.ru_stime) - tv_ns(start_.ru_stime);
    if (!on_) return;
    Record& x = rec_.emit(buf_, Kind::TaskExit, mono_ns());
    x.task = tid_;
}

void ThreadRec::sample_switches(uint32_t& vol, uint32_t& invol) {
    rusage ru {};
    getrusage(RUSAGE_THREAD, &ru);
    vol = uint32_t(ru.ru_nvcsw - last_nvcsw_);
    invol = uint32_t(ru.ru_nivcsw - last_nivcsw_);
    last_nvcsw_ = ru.ru_nvcsw;
    last_nivcsw_ = ru.ru_nivcsw;
}

void ThreadRec::marker(Nm label, int64_t id, MarkerType type, uint32_t obj) {
    if (!on_) return;
    Record& m = rec_.emit(buf_, Kind::Marker, mono_ns());
    m.task = tid_;
    m.name = rec_.name(label);
    m.a = id;
    m.b = int64_t(type);
    m.obj = obj;
}

uint32_t ThreadRec::fd_install(int fd, ObjType type, Nm label) {
    if (!on_ || fd < 0) return 0;
    uint32_t id = rec_.new_object_id();
    int64_t t = mono_ns();
    Record& o = rec_.emit(buf_, Kind::ObjectNew, t);
    o.obj = id;
    o.a = int64_t(type);
    o.task = tid_;
    o.name = rec_.name(label);
    Record& f = rec_.emit(buf_, Kind::FdInstall, t);
    f.task = tid_;
    f.a = fd;
    f.obj = id;
    f.b = pid_;
    return id;
}

void ThreadRec::fd_close(int fd, uint32_t obj) {
    if (!on_ || obj == 0) return;
    int64_t t = mono_ns();
    Record& f = rec_.emit(buf_, Kind::FdClose, t);
    f.task = tid_;
    f.a = fd;
    f.obj = obj;
    f.b = pid_;
    Record& o = rec_.emit(buf_, Kind::ObjectFree, t);
    o.obj = obj;
}

} // namespace ioscope::live

// inspect_input.cpp — see the header.
#include "inspect_input.h"

namespace ioscope::gui {

std::string InspectInput::task_name(uint32_t tid) const {
    if (tid == 0) return "idle";
    auto it = state.tasks.find(tid);
    std::string comm = it != state.tasks.end() ? str(it->second.comm) : std::string();
    return comm.empty() ? "tid " + std::to_string(tid) : comm + " (" + std::to_string(tid) + ")";
}

std::string InspectInput::object_name(uint32_t id) const {
    auto it = state.objects.find(id);
    if (it == state.objects.end()) return "#" + std::to_string(id);
    std::string label = str(it->second.label);
    if (label.empty()) label = ioscope::obj_type_name(it->second.type);
    return label + " #" + std::to_string(id);
}

int64_t fd_of(const ioscope::State& st, uint32_t tid, uint32_t obj) {
    auto t = st.tasks.find(tid);
    if (t == st.tasks.end()) return -1;
    auto table = st.fds.find(t->second.pid);
    if (table == st.fds.end()) return -1;
    for (const auto& [fd, o] : table->second)
        if (o == obj) return fd;
    return -1;
}

} // namespace ioscope::gui

#include "trace_fit.h"

#include <algorithm>
#include <cmath>

namespace ioscope::compare {

const std::vector<TraceFitTarget>& trace_fit_targets() {
    static const std::vector<TraceFitTarget> t = {
        {"recvfrom", {"tcp_recvmsg_ns", "tcp_cleanup_rbuf_ns"}},
        {"sendto", {"tcp_sendmsg_ns"}},
        {"accept4", {"accept_ns"}},
        {"epoll_ctl", {"epoll_ctl_base_ns"}},
    };
    return t;
}

std::vector<FittedConstant> fit_from_traces(const TraceStats& sim, const TraceStats& live, CostModel& model) {
    std::vector<FittedConstant> out;
    const CostModel defaults;
    for (const auto& tgt : trace_fit_targets()) {
        auto s = sim.calls.find(tgt.syscall), l = live.calls.find(tgt.syscall);
        if (s == sim.calls.end() || l == live.calls.end()) continue;
        const auto& sv = s->second.ok_nosleep_ns;
        const auto& lv = l->second.ok_nosleep_ns;
        if (sv.size() < 3 || lv.size() < 3) continue;
        const int64_t sm = percentile_sorted(sv, 50), lm = percentile_sorted(lv, 50);
        std::vector<const CostModel::Field*> fs;
        int64_t sum = 0;
        for (const char* key : tgt.constants)
            for (const auto& f : CostModel::fields())
                if (f.key == key) { fs.push_back(&f); sum += model.*(f.member); }
        const int64_t target = sum + (lm - sm);
        for (const CostModel::Field* f : fs) {
            FittedConstant fc;
            fc.key = std::string(f->key);
            fc.default_ns = defaults.*(f->member);
            const int64_t cur = model.*(f->member);
            // Proportional share of the new sum (an even share when every constant is 0).
            const double share = sum > 0 ? double(cur) / double(sum) : 1.0 / double(fs.size());
            const double v = double(target) * share;
            fc.clamped = v < 0;
            fc.fitted_ns = std::max<int64_t>(0, int64_t(std::llround(v)));
            fc.from = std::string(tgt.syscall) + ": live median " + std::to_string(lm) + " ns - sim " + std::to_string(sm) +
                      " ns (successful calls that did not sleep, scenario trace)" + (fs.size() > 1 ? ", shared in proportion" : "");
            model.*(f->member) = fc.fitted_ns;
            out.push_back(fc);
        }
    }
    return out;
}

} // namespace ioscope::compare

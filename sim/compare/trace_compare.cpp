#include "trace_compare.h"

#include <algorithm>
#include <cstdio>

namespace ioscope::compare {

namespace {

Side side(const CallStats* c) {
    Side s;
    if (!c) return s;
    s.count = c->count();
    s.slept = c->slept();
    s.median_ns = percentile_sorted(c->all_ns, 50);
    s.p90_ns = percentile_sorted(c->all_ns, 90);
    s.nosleep_count = c->nosleep_ns.size();
    s.nosleep_median_ns = percentile_sorted(c->nosleep_ns, 50);
    s.nosleep_p90_ns = percentile_sorted(c->nosleep_ns, 90);
    return s;
}

std::optional<double> ratio(uint64_t na, int64_t a, uint64_t nb, int64_t b) {
    if (na == 0 || nb == 0 || b <= 0) return std::nullopt;
    return double(a) / double(b);
}

RequestSide req_side(const std::map<int64_t, int64_t>& lat) {
    RequestSide r;
    std::vector<int64_t> v;
    for (auto& [id, ns] : lat) v.push_back(ns);
    std::sort(v.begin(), v.end());
    r.completed = v.size();
    r.p50_ns = percentile_sorted(v, 50);
    r.p99_ns = percentile_sorted(v, 99);
    return r;
}

nlohmann::ordered_json side_json(const Side& s) {
    return {{"count", s.count}, {"slept", s.slept}, {"median_ns", s.median_ns}, {"p90_ns", s.p90_ns},
            {"nosleep_count", s.nosleep_count}, {"nosleep_median_ns", s.nosleep_median_ns}, {"nosleep_p90_ns", s.nosleep_p90_ns}};
}

nlohmann::ordered_json opt(const std::optional<double>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

std::string fmt_ns(int64_t ns, uint64_t n) { return n == 0 ? "-" : format_ns(ns); }

std::string fmt_ratio(const std::optional<double>& r) {
    if (!r) return "-";
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", *r);
    return b;
}

} // namespace

std::string format_ns(int64_t ns) {
    if (ns < 0) return "-";
    char b[32];
    if (ns >= 1000000) std::snprintf(b, sizeof b, "%.2f ms", double(ns) / 1e6);
    else if (ns >= 10000) std::snprintf(b, sizeof b, "%.1f us", double(ns) / 1e3);
    else std::snprintf(b, sizeof b, "%lld ns", (long long)ns);
    return b;
}

TraceComparison compare_traces(const TraceStats& a, const TraceStats& b, std::string a_label, std::string b_label) {
    TraceComparison c;
    c.a_label = std::move(a_label);
    c.b_label = std::move(b_label);
    std::map<std::string, std::pair<const CallStats*, const CallStats*>> names;
    for (auto& [n, s] : a.calls) names[n].first = &s;
    for (auto& [n, s] : b.calls) names[n].second = &s;
    for (auto& [n, p] : names) {
        CallRow r;
        r.name = n;
        r.a = side(p.first);
        r.b = side(p.second);
        r.ratio = ratio(r.a.count, r.a.median_ns, r.b.count, r.b.median_ns);
        r.nosleep_ratio = ratio(r.a.nosleep_count, r.a.nosleep_median_ns, r.b.nosleep_count, r.b.nosleep_median_ns);
        c.rows.push_back(r);
    }
    RequestAlignment& q = c.requests;
    q.a = req_side(a.request_latency_ns);
    q.b = req_side(b.request_latency_ns);
    std::vector<int64_t> la, lb;
    std::vector<double> ratios;
    for (auto& [id, ns] : a.request_latency_ns) {
        auto it = b.request_latency_ns.find(id);
        if (it == b.request_latency_ns.end()) continue;
        la.push_back(ns);
        lb.push_back(it->second);
        if (it->second > 0) ratios.push_back(double(ns) / double(it->second));
    }
    q.matched = la.size();
    std::sort(la.begin(), la.end());
    std::sort(lb.begin(), lb.end());
    q.matched_a_p50_ns = percentile_sorted(la, 50);
    q.matched_b_p50_ns = percentile_sorted(lb, 50);
    if (!ratios.empty()) {
        std::sort(ratios.begin(), ratios.end());
        q.median_ratio = ratios[(ratios.size() - 1) / 2];
    }
    return c;
}

nlohmann::ordered_json to_json(const TraceComparison& c) {
    nlohmann::ordered_json j;
    j["a"] = c.a_label;
    j["b"] = c.b_label;
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const CallRow& r : c.rows)
        rows.push_back({{"syscall", r.name}, {c.a_label, side_json(r.a)}, {c.b_label, side_json(r.b)},
                        {"ratio", opt(r.ratio)}, {"nosleep_ratio", opt(r.nosleep_ratio)}});
    j["syscalls"] = rows;
    const RequestAlignment& q = c.requests;
    j["requests"] = {
        {c.a_label, {{"completed", q.a.completed}, {"p50_ns", q.a.p50_ns}, {"p99_ns", q.a.p99_ns}}},
        {c.b_label, {{"completed", q.b.completed}, {"p50_ns", q.b.p50_ns}, {"p99_ns", q.b.p99_ns}}},
        {"matched", q.matched},
        {"matched_p50_ns", {{c.a_label, q.matched_a_p50_ns}, {c.b_label, q.matched_b_p50_ns}}},
        {"median_ratio", opt(q.median_ratio)}};
    return j;
}

std::string to_table(const TraceComparison& c) {
    std::string out;
    char line[512];
    const char* A = c.a_label.c_str();
    const char* B = c.b_label.c_str();
    std::snprintf(line, sizeof line, "%-14s %8s %8s %11s %11s %6s %11s %11s %6s %11s %11s\n", "syscall",
                  (std::string(A) + " n").c_str(), (std::string(B) + " n").c_str(), (std::string(A) + " med").c_str(),
                  (std::string(B) + " med").c_str(), "ratio", (std::string(A) + " med*").c_str(), (std::string(B) + " med*").c_str(),
                  "ratio*", (std::string(A) + " p90").c_str(), (std::string(B) + " p90").c_str());
    out += line;
    for (const CallRow& r : c.rows) {
        std::snprintf(line, sizeof line, "%-14s %8llu %8llu %11s %11s %6s %11s %11s %6s %11s %11s\n", r.name.c_str(),
                      (unsigned long long)r.a.count, (unsigned long long)r.b.count, fmt_ns(r.a.median_ns, r.a.count).c_str(),
                      fmt_ns(r.b.median_ns, r.b.count).c_str(), fmt_ratio(r.ratio).c_str(),
                      fmt_ns(r.a.nosleep_median_ns, r.a.nosleep_count).c_str(), fmt_ns(r.b.nosleep_median_ns, r.b.nosleep_count).c_str(),
                      fmt_ratio(r.nosleep_ratio).c_str(), fmt_ns(r.a.p90_ns, r.a.count).c_str(), fmt_ns(r.b.p90_ns, r.b.count).c_str());
        out += line;
    }
    out += "  med* = median over the calls that did not sleep (the cost of the call itself); ratio = " + c.a_label + " / " + c.b_label + "\n";
    const RequestAlignment& q = c.requests;
    if (q.a.completed || q.b.completed) {
        std::snprintf(line, sizeof line, "requests: %s %llu (p50 %s, p99 %s), %s %llu (p50 %s, p99 %s)", A,
                      (unsigned long long)q.a.completed, fmt_ns(q.a.p50_ns, q.a.completed).c_str(), fmt_ns(q.a.p99_ns, q.a.completed).c_str(), B,
                      (unsigned long long)q.b.completed, fmt_ns(q.b.p50_ns, q.b.completed).c_str(), fmt_ns(q.b.p99_ns, q.b.completed).c_str());
        out += line;
        if (q.matched) {
            std::snprintf(line, sizeof line, "; aligned by request id: %llu in both, latency %s/%s median %s\n",
                          (unsigned long long)q.matched, A, B, fmt_ratio(q.median_ratio).c_str());
            out += line;
        } else {
            out += "; no request id in both traces\n";
        }
    } else {
        out += "requests: no request markers in either trace\n";
    }
    return out;
}

} // namespace ioscope::compare

// strace_test_util.h — small queries over imported traces, shared by the strace tests.
#pragma once
#include "sim/strace/importer.h"

#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace strace_test {

using namespace ioscope;

inline std::string data(const std::string& name) { return std::string(IOSCOPE_STRACE_DATA) + "/" + name; }

inline strace::ImportResult import_file(const std::string& name, strace::ImportOptions opts = {}) {
    return strace::import_strace_file(data(name), opts);
}

inline strace::ImportResult import_text(const std::string& text, strace::ImportOptions opts = {}) {
    std::istringstream in(text);
    if (opts.name == "strace") opts.name = "bad.strace";
    return strace::import_strace(in, opts);
}

inline std::vector<Record> of(const Trace& t, Kind k, uint32_t task = 0, std::string_view name = {}) {
    std::vector<Record> out;
    for (const Record& r : t.records)
        if (r.kind == k && (task == 0 || r.task == task) && (name.empty() || t.str(r.name) == name)) out.push_back(r);
    return out;
}

inline size_t count(const Trace& t, Kind k, uint32_t task = 0, std::string_view name = {}) {
    return of(t, k, task, name).size();
}

inline std::string errors_of(const strace::ImportResult& r) {
    std::string s;
    for (auto& e : r.errors) s += e + "\n";
    return s;
}

} // namespace strace_test

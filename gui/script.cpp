// script.cpp — see the header.
#include "script.h"

#include <cctype>
#include <charconv>

namespace ioscope::gui {

namespace {

std::vector<std::string> words(const std::string& s) {
    std::vector<std::string> w;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::isspace((unsigned char)s[i])) ++i;
        size_t j = i;
        while (j < s.size() && !std::isspace((unsigned char)s[j])) ++j;
        if (j > i) w.push_back(s.substr(i, j - i));
        i = j;
    }
    return w;
}

bool to_long(const std::string& s, long& v) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && p == s.data() + s.size();
}

bool parse_step(const std::vector<std::string>& w, ScriptStep& st, std::string& msg) {
    using Op = ScriptStep::Op;
    const std::string& verb = w[0];
    auto need = [&](size_t n) {
        if (w.size() == n + 1) return true;
        msg = "'" + verb + "' takes " + std::to_string(n) + " argument" + (n == 1 ? "" : "s");
        return false;
    };
    if (verb == "play-to-end") { st.op = Op::PlayToEnd; return need(0); }
    if (verb == "back-to-start") {
        st.op = Op::BackToStart;
        if (w.size() > 2) { msg = "'back-to-start' takes at most one argument"; return false; }
        if (w.size() == 2) {
            const std::string& u = w[1];
            if (u == "record") st.unit = StepUnit::Record;
            else if (u == "syscall") st.unit = StepUnit::Syscall;
            else if (u == "wakeup") st.unit = StepUnit::Wakeup;
            else if (u == "narration") st.unit = StepUnit::Narration;
            else { msg = "unknown step unit '" + u + "' (record, syscall, wakeup, narration)"; return false; }
        }
        return true;
    }
    if (verb == "seek") {
        st.op = Op::Seek;
        if (!need(1)) return false;
        std::string err;
        if (!parse_seek(w[1], st.seek, err)) { msg = "seek " + err; return false; }
        return true;
    }
    if (verb == "select" || verb == "wait") {
        st.op = verb == "select" ? Op::Select : Op::Wait;
        if (!need(1)) return false;
        if (!to_long(w[1], st.count) || st.count < 0) { msg = "'" + w[1] + "' is not a non-negative number"; return false; }
        return true;
    }
    if (verb == "lang") {
        st.op = Op::Lang;
        if (!need(1)) return false;
        if (w[1] != "en" && w[1] != "zh") { msg = "language must be en or zh"; return false; }
        st.arg = w[1];
        return true;
    }
    if (verb == "open" || verb == "screenshot" || verb == "sweep") {
        st.op = verb == "open" ? Op::Open : verb == "sweep" ? Op::Sweep : Op::Screenshot;
        if (!need(1)) return false;
        st.arg = w[1];
        return true;
    }
    if (verb == "expect-position") {
        st.op = Op::ExpectPosition;
        if (!need(2)) return false;
        if (w[1] != "=" && w[1] != "<" && w[1] != ">") { msg = "comparison must be =, < or >"; return false; }
        st.arg = w[1];
        if (!to_long(w[2], st.count) || st.count < 0) { msg = "'" + w[2] + "' is not a non-negative number"; return false; }
        return true;
    }
    if (verb == "type") {
        st.op = Op::Type;
        if (!need(1)) return false;
        st.arg = w[1];
        return true;
    }
    if (verb == "expect") {
        st.op = Op::Expect;
        if (!need(2)) return false;
        st.arg = w[1];
        st.value = w[2] == "\"\"" ? std::string() : w[2];
        return true;
    }
    if (action_by_script_name(verb, st.action)) {
        st.op = Op::Action;
        if (w.size() > 2) { msg = "'" + verb + "' takes at most a repeat count"; return false; }
        if (w.size() == 2 && (!to_long(w[1], st.count) || st.count < 1)) { msg = "repeat count must be a positive number"; return false; }
        return true;
    }
    msg = "unknown script step '" + verb + "'";
    return false;
}

} // namespace

bool parse_script(const std::string& text, std::vector<ScriptStep>& out, std::string& error) {
    out.clear();
    size_t line = 1, line_start = 0, start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != ';' && text[i] != '\n') continue;
        const std::string part = text.substr(start, i - start);
        const auto w = words(part);
        if (!w.empty()) {
            ScriptStep st;
            size_t lead = 0;
            while (lead < part.size() && std::isspace((unsigned char)part[lead])) ++lead;
            st.column = start + lead - line_start + 1;
            std::string msg;
            if (!parse_step(w, st, msg)) {
                error = "script:" + std::to_string(line) + ":" + std::to_string(st.column) + ": error: " + msg;
                return false;
            }
            out.push_back(std::move(st));
        }
        if (i < text.size() && text[i] == '\n') { ++line; line_start = i + 1; }
        start = i + 1;
    }
    if (out.empty()) { error = "script:1:1: error: empty script"; return false; }
    return true;
}

} // namespace ioscope::gui

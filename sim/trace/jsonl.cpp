// jsonl.cpp — lossless JSON Lines trace files.
//
// Layout (jsonl.h):
//   line 1: {"ioscope_trace":1,"meta":{...all TraceMeta fields...},"strings":["",...]}
//   line n: {"t":..,"k":"<kind_name>", then only the non-default fields, in a fixed order}
// "strings" is the whole StringTable in id order, so a file read back re-interns every string at
// its original id: records, the table (including strings no record uses) and meta compare equal.
// A hand-written file may omit "strings"; names are then interned as they appear.
// Names are written as text, never as ids, so the file stays readable and editable. The one
// integer field holding a string id (Narration.c, the Chinese text) is written as text too.
//
// Writing is done by hand (not nlohmann::json::dump) so key order and bytes are fixed.
// Reading uses nlohmann::json per line and reports "FILE:LINE:COL: message"; it never throws.
#include "jsonl.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <climits>
#include <fstream>
#include <istream>
#include <ostream>
#include <unordered_map>

namespace ioscope {

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Writing
// ---------------------------------------------------------------------------------------------

// Length of the valid UTF-8 sequence starting at s[i], or 0 if the bytes there are not one.
size_t utf8_len(std::string_view s, size_t i) {
    auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = b(i);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k)
        if ((b(i + k) & 0xc0) != 0x80) return 0;
    if (n == 2 && c < 0xc2) return 0;                                  // overlong
    if (n == 3) {
        uint32_t cp = ((c & 0x0fu) << 12) | ((b(i + 1) & 0x3fu) << 6) | (b(i + 2) & 0x3fu);
        if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) return 0;    // overlong, surrogate
    }
    if (n == 4) {
        uint32_t cp = ((c & 0x07u) << 18) | ((b(i + 1) & 0x3fu) << 12) | ((b(i + 2) & 0x3fu) << 6) |
                      (b(i + 3) & 0x3fu);
        if (cp < 0x10000 || cp > 0x10ffff) return 0;
    }
    return n;
}

// JSON string literal. Control characters become \u00XX (lossless); bytes that are not valid
// UTF-8 become U+FFFD so the file always parses (trace strings are meant to be UTF-8).
void put_string(std::string& out, std::string_view s) {
    out += '"';
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '"') { out += "\\\""; ++i; continue; }
        if (c == '\\') { out += "\\\\"; ++i; continue; }
        if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
            ++i;
            continue;
        }
        size_t n = utf8_len(s, i);
        if (n == 0) { out += "\xef\xbf\xbd"; ++i; continue; }
        out.append(s.data() + i, n);
        i += n;
    }
    out += '"';
}

template <class T>
void put_int(std::string& out, T v) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

template <class T>
void put_field(std::string& out, const char* key, T v) {
    out += ",\"";
    out += key;
    out += "\":";
    put_int(out, v);
}

void put_str_field(std::string& out, const char* key, std::string_view v) {
    out += ",\"";
    out += key;
    out += "\":";
    put_string(out, v);
}

std::string header_line(const Trace& trace) {
    const TraceMeta& m = trace.meta;
    std::string s = "{\"ioscope_trace\":1,\"meta\":{\"scenario\":";
    put_string(s, m.scenario);
    put_str_field(s, "title", m.title);
    put_str_field(s, "title_zh", m.title_zh);
    put_str_field(s, "source", m.source);
    put_field(s, "seed", m.seed);
    put_field(s, "cpus", m.cpus);
    put_field(s, "hz", m.hz);
    put_field(s, "end_ns", m.end_ns);
    s += "},\"strings\":[";
    for (size_t i = 0; i < trace.strings.size(); ++i) {
        if (i) s += ',';
        put_string(s, trace.strings.get(uint32_t(i)));
    }
    s += "]}\n";
    return s;
}

void record_line(std::string& s, const Trace& trace, const Record& r) {
    s += "{\"t\":";
    put_int(s, r.t);
    s += ",\"k\":\"";
    s += kind_name(r.kind);
    s += '"';
    if (r.cpu != kNoCpu) put_field(s, "cpu", unsigned(r.cpu));
    if (r.task) put_field(s, "task", r.task);
    if (r.obj) put_field(s, "obj", r.obj);
    if (r.obj2) put_field(s, "obj2", r.obj2);
    if (r.name) put_str_field(s, "name", trace.str(r.name));
    if (r.a) put_field(s, "a", r.a);
    if (r.b) put_field(s, "b", r.b);
    if (r.c) {
        if (r.kind == Kind::Narration) put_str_field(s, "c", trace.str(r.c));
        else put_field(s, "c", r.c);
    }
    if (r.pad) put_field(s, "pad", unsigned(r.pad));
    s += "}\n";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading
// ---------------------------------------------------------------------------------------------

using nlohmann::json;

// Collects errors for one file; stops the read after too many (a binary file is one error).
struct Reader {
    const std::string& name;
    std::vector<std::string>& errors;
    size_t line_no { 0 };
    std::string_view line;
    size_t count { 0 };

    // Column of `"key"` in the current line (1-based), so a message points at the field.
    size_t column_of(std::string_view key) const {
        std::string quoted = "\"" + std::string(key) + "\"";
        size_t p = line.find(quoted);
        return p == std::string_view::npos ? 1 : p + 1;
    }
    void error(size_t col, const std::string& msg) {
        errors.push_back(name + ":" + std::to_string(line_no) + ":" + std::to_string(col) + ": " + msg);
        ++count;
    }
    void field_error(std::string_view key, const std::string& msg) {
        error(column_of(key), "field \"" + std::string(key) + "\": " + msg);
    }
    bool too_many() const { return count >= 20; }

    // Integer field within [lo, hi]. Floats (including integers too big for 64 bits, which
    // nlohmann parses as floats), strings, booleans and out-of-range values fail.
    template <class T>
    bool get_int(const json& v, std::string_view key, T& out, __int128 lo, __int128 hi) {
        __int128 x = 0;
        if (v.is_number_unsigned()) x = v.get<uint64_t>();
        else if (v.is_number_integer()) x = v.get<int64_t>();
        else if (v.is_number_float()) { field_error(key, "expected an integer, got a fraction or a number beyond 64 bits"); return false; }
        else { field_error(key, std::string("expected an integer, got ") + v.type_name()); return false; }
        if (x < lo || x > hi) { field_error(key, "integer out of range"); return false; }
        out = T(x);
        return true;
    }
    bool get_string(const json& v, std::string_view key, std::string& out) {
        if (!v.is_string()) { field_error(key, std::string("expected a string, got ") + v.type_name()); return false; }
        out = v.get<std::string>();
        return true;
    }
};

constexpr __int128 kI64Min = INT64_MIN, kI64Max = INT64_MAX, kU64Max = UINT64_MAX, kU32Max = UINT32_MAX;

// Parses one line; on a syntax error reports it with nlohmann's byte position as the column.
bool parse_line(Reader& rd, json& out) {
    try {
        out = json::parse(rd.line.begin(), rd.line.end());
        return true;
    } catch (const json::parse_error& e) {
        // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 5: "
        // prefix: our own FILE:LINE:COL replaces it.
        std::string msg = e.what();
        if (auto p = msg.find(", column "); p != std::string::npos) {
            if (auto q = msg.find(": ", p); q != std::string::npos) msg = msg.substr(q + 2);
        }
        rd.error(e.byte > 0 ? e.byte : 1, "invalid JSON: " + msg);
    } catch (const json::exception& e) {
        std::string msg = e.what();   // "[json.exception.out_of_range.406] number overflow ..."
        if (auto p = msg.find("] "); p != std::string::npos) msg = msg.substr(p + 2);
        rd.error(1, "invalid JSON: " + msg);
    }
    return false;
}

bool read_header(Reader& rd, const json& h, Trace& trace) {
    if (!h.is_object()) { rd.error(1, "header must be a JSON object {\"ioscope_trace\":1,...}"); return false; }
    bool ok = true;
    bool seen_version = false;
    for (auto it = h.begin(); it != h.end(); ++it) {
        const std::string& key = it.key();
        const json& v = it.value();
        if (key == "ioscope_trace") {
            int64_t version = 0;
            if (!rd.get_int(v, key, version, kI64Min, kI64Max)) { ok = false; continue; }
            if (version != 1) { rd.field_error(key, "unsupported trace version " + std::to_string(version)); ok = false; }
            seen_version = true;
        } else if (key == "meta") {
            if (!v.is_object()) { rd.field_error(key, "expected an object"); ok = false; continue; }
            TraceMeta& m = trace.meta;
            for (auto f = v.begin(); f != v.end(); ++f) {
                const std::string& k = f.key();
                const json& x = f.value();
                bool good = true;
                if (k == "scenario") good = rd.get_string(x, k, m.scenario);
                else if (k == "title") good = rd.get_string(x, k, m.title);
                else if (k == "title_zh") good = rd.get_string(x, k, m.title_zh);
                else if (k == "source") good = rd.get_string(x, k, m.source);
                else if (k == "seed") good = rd.get_int(x, k, m.seed, 0, kU64Max);
                else if (k == "cpus") good = rd.get_int(x, k, m.cpus, 0, kU32Max);
                else if (k == "hz") good = rd.get_int(x, k, m.hz, 0, kU32Max);
                else if (k == "end_ns") good = rd.get_int(x, k, m.end_ns, kI64Min, kI64Max);
                else { rd.field_error(k, "unknown meta field"); good = false; }
                ok = ok && good;
            }
        } else if (key == "strings") {
            if (!v.is_array()) { rd.field_error(key, "expected an array of strings"); ok = false; continue; }
            for (auto& s : v) {
                if (!s.is_string()) { rd.field_error(key, "expected an array of strings"); ok = false; break; }
                trace.strings.intern(s.get_ref<const std::string&>());
            }
        } else {
            rd.field_error(key, "unknown header field");
            ok = false;
        }
    }
    if (!seen_version) { rd.error(1, "not an ioscope trace: header lacks \"ioscope_trace\":1"); ok = false; }
    return ok;
}

bool read_record(Reader& rd, const json& j, Trace& trace, Record& r) {
    if (!j.is_object()) { rd.error(1, "a record must be a JSON object"); return false; }
    bool ok = true, seen_k = false;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& key = it.key();
        const json& v = it.value();
        bool good = true;
        if (key == "t") good = rd.get_int(v, key, r.t, kI64Min, kI64Max);
        else if (key == "k") {
            seen_k = true;
            if (!v.is_string()) { rd.field_error(key, "expected a kind name"); good = false; }
            else if (!kind_from_name(v.get_ref<const std::string&>().c_str(), r.kind)) {
                rd.field_error(key, "unknown record kind \"" + v.get<std::string>() + "\"");
                good = false;
            }
        }
        else if (key == "cpu") good = rd.get_int(v, key, r.cpu, 0, 255);
        else if (key == "task") good = rd.get_int(v, key, r.task, 0, kU32Max);
        else if (key == "obj") good = rd.get_int(v, key, r.obj, 0, kU32Max);
        else if (key == "obj2") good = rd.get_int(v, key, r.obj2, 0, kU32Max);
        else if (key == "a") good = rd.get_int(v, key, r.a, kI64Min, kI64Max);
        else if (key == "b") good = rd.get_int(v, key, r.b, kI64Min, kI64Max);
        else if (key == "pad") good = rd.get_int(v, key, r.pad, 0, 255);
        else if (key == "name") {
            std::string s;
            good = rd.get_string(v, key, s);
            if (good) r.name = trace.strings.intern(s);
        } else if (key == "c") {
            // Narration.c is a string id written as text; elsewhere c is a plain integer. The
            // kind may come after "c" in a hand-written line, so decide once all keys are read.
            if (v.is_string()) r.c = trace.strings.intern(v.get_ref<const std::string&>());
            else good = rd.get_int(v, key, r.c, 0, kU32Max);
        } else {
            rd.field_error(key, "unknown record field");
            good = false;
        }
        ok = ok && good;
    }
    if (!seen_k) { rd.error(1, "record lacks the kind field \"k\""); return false; }
    if (ok && j.contains("c") && j["c"].is_string() != (r.kind == Kind::Narration)) {
        rd.field_error("c", r.kind == Kind::Narration ? "narration text must be a string"
                                                      : "expected an integer, got string");
        return false;
    }
    return ok;
}

// Fast path for record lines in the canonical form write_jsonl produces: a flat object of known
// keys whose values are integers or plain ASCII strings without escapes. It accepts a strict
// subset of what read_record accepts and decodes it identically; on anything else (whitespace,
// escapes, non-ASCII, floats, duplicate keys, out-of-range values, errors) it returns false and
// the nlohmann path decides, so error messages come from one place. About 10x faster.
bool fast_record(std::string_view s, Trace& trace, Record& r) {
    static const std::unordered_map<std::string_view, Kind> kinds = [] {
        std::unordered_map<std::string_view, Kind> m;
        for (size_t k = 1; k < size_t(Kind::Count_); ++k) m.emplace(kind_name(Kind(k)), Kind(k));
        return m;
    }();
    const size_t n = s.size();
    if (n < 3 || s[0] != '{' || s[n - 1] != '}') return false;
    enum : unsigned { T = 1, K = 2, CPU = 4, TASK = 8, OBJ = 16, OBJ2 = 32, NAME = 64, A = 128, B = 256, C = 512, PAD = 1024 };
    unsigned seen = 0;
    std::string_view name;
    size_t i = 1;
    for (;;) {
        if (s[i] != '"') return false;
        size_t e = s.find('"', i + 1);
        if (e == std::string_view::npos) return false;
        std::string_view key = s.substr(i + 1, e - i - 1);
        i = e + 1;
        if (i >= n || s[i] != ':') return false;
        ++i;
        bool is_str = false;
        std::string_view str;
        __int128 v = 0;
        if (i < n && s[i] == '"') {
            size_t q = i + 1;
            while (q < n && s[q] != '"') {
                unsigned char ch = static_cast<unsigned char>(s[q]);
                if (ch == '\\' || ch < 0x20 || ch >= 0x80) return false;
                ++q;
            }
            if (q >= n) return false;
            is_str = true;
            str = s.substr(i + 1, q - i - 1);
            i = q + 1;
        } else {
            bool neg = i < n && s[i] == '-';
            if (neg) ++i;
            size_t d0 = i;
            while (i < n && s[i] >= '0' && s[i] <= '9') {
                if (i - d0 >= 20) return false;
                v = v * 10 + (s[i] - '0');
                ++i;
            }
            if (i == d0 || (s[d0] == '0' && i - d0 > 1)) return false;   // no digits, leading zero
            if (neg) v = -v;
        }
        if (i >= n || (s[i] != ',' && s[i] != '}')) return false;
        auto take = [&](unsigned bit) { if (seen & bit) return false; seen |= bit; return true; };
        auto in = [&](__int128 lo, __int128 hi) { return !is_str && v >= lo && v <= hi; };
        if (key == "t") { if (!take(T) || !in(kI64Min, kI64Max)) return false; r.t = int64_t(v); }
        else if (key == "k") {
            if (!take(K) || !is_str) return false;
            auto it = kinds.find(str);
            if (it == kinds.end()) return false;
            r.kind = it->second;
        }
        else if (key == "cpu") { if (!take(CPU) || !in(0, 255)) return false; r.cpu = uint8_t(v); }
        else if (key == "task") { if (!take(TASK) || !in(0, kU32Max)) return false; r.task = uint32_t(v); }
        else if (key == "obj") { if (!take(OBJ) || !in(0, kU32Max)) return false; r.obj = uint32_t(v); }
        else if (key == "obj2") { if (!take(OBJ2) || !in(0, kU32Max)) return false; r.obj2 = uint32_t(v); }
        else if (key == "name") { if (!take(NAME) || !is_str) return false; name = str; }
        else if (key == "a") { if (!take(A) || !in(kI64Min, kI64Max)) return false; r.a = int64_t(v); }
        else if (key == "b") { if (!take(B) || !in(kI64Min, kI64Max)) return false; r.b = int64_t(v); }
        else if (key == "c") { if (!take(C) || !in(0, kU32Max)) return false; r.c = uint32_t(v); }
        else if (key == "pad") { if (!take(PAD) || !in(0, 255)) return false; r.pad = uint8_t(v); }
        else return false;
        if (s[i] == '}') { if (i != n - 1) return false; break; }
        ++i;   // ','
        if (i >= n) return false;
    }
    if (!(seen & K)) return false;
    if ((seen & C) && r.kind == Kind::Narration) return false;   // its c must be text
    if (seen & NAME) r.name = trace.strings.intern(name);
    return true;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] API
// ---------------------------------------------------------------------------------------------

void write_jsonl(const Trace& trace, std::ostream& out) {
    out << header_line(trace);
    std::string buf;
    buf.reserve(1 << 16);
    for (const Record& r : trace.records) {
        record_line(buf, trace, r);
        if (buf.size() >= (1 << 16) - 512) { out << buf; buf.clear(); }
    }
    out << buf;
}

bool write_jsonl_file(const Trace& trace, const std::string& path, std::string* error) {
    std::ofstream f(path, std::ios::binary);
    if (!f) {
        if (error) *error = path + ": cannot open for writing";
        return false;
    }
    write_jsonl(trace, f);
    f.flush();
    if (!f) {
        if (error) *error = path + ": write failed";
        return false;
    }
    return true;
}

std::optional<Trace> read_jsonl(std::istream& in, const std::string& name, std::vector<std::string>& errors) {
    Trace trace;
    Reader rd { name, errors, 0, {}, 0 };
    bool header_seen = false, ok = true;
    int64_t last_t = INT64_MIN;
    std::string text;
    // Reserve from the stream's size when it is seekable: growing a vector of millions of records
    // by doubling costs more than parsing them. Lines average ~70 bytes; /40 over-reserves
    // address space that is never touched rather than under-reserving.
    if (auto here = in.tellg(); here != std::streampos(-1) && in.seekg(0, std::ios::end)) {
        auto end = in.tellg();
        in.seekg(here);
        if (end != std::streampos(-1) && end > here) trace.records.reserve(size_t(end - here) / 40);
    }
    in.clear();
    while (!rd.too_many() && std::getline(in, text)) {
        ++rd.line_no;
        if (!text.empty() && text.back() == '\r') text.pop_back();
        if (text.find_first_not_of(" \t") == std::string::npos) continue;   // blank line
        rd.line = text;
        if (header_seen) {
            Record r;
            if (fast_record(text, trace, r) && r.t >= last_t) {
                last_t = r.t;
                trace.records.push_back(r);
                continue;
            }
        }
        json j;
        if (!parse_line(rd, j)) {
            ok = false;
            if (!header_seen) break;          // nothing after a broken header can be trusted
            continue;
        }
        if (!header_seen) {
            header_seen = true;
            if (!read_header(rd, j, trace)) { ok = false; break; }
            continue;
        }
        Record r;
        if (!read_record(rd, j, trace, r)) { ok = false; continue; }
        if (r.t < last_t) {
            rd.field_error("t", "time goes backwards (" + std::to_string(r.t) + " < " +
                                    std::to_string(last_t) + "); records must be in time order");
            ok = false;
            continue;
        }
        last_t = r.t;
        trace.records.push_back(r);
    }
    if (!header_seen && ok) {
        rd.line_no = 1;
        rd.error(1, "empty file: expected the header line {\"ioscope_trace\":1,...}");
        ok = false;
    }
    if (!ok) return std::nullopt;
    return trace;
}

std::optional<Trace> read_jsonl_file(const std::string& path, std::vector<std::string>& errors) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        errors.push_back(path + ":1:1: cannot open file");
        return std::nullopt;
    }
    return read_jsonl(f, path, errors);
}

} // namespace ioscope

// toml_reader.cpp — typed, position-aware reads for the scenario loader (see toml_reader.h).
#include "toml_reader.h"

#include <algorithm>
#include <cctype>

namespace ioscope::scenario_detail {

namespace {

// Durations in messages are written the way a teacher would type them ("4ms", "250us"), not with
// format_duration's fixed three decimals, so the message can be pasted back into the file.
std::string compact_duration(int64_t ns) {
    if (ns == INT64_MAX) return "forever";
    struct U { int64_t mult; const char* name; };
    static constexpr U units[] = { { 1000000000, "s" }, { 1000000, "ms" }, { 1000, "us" } };
    for (const U& u : units)
        if (ns != 0 && ns % u.mult == 0) return std::to_string(ns / u.mult) + u.name;
    return std::to_string(ns) + "ns";
}

std::string range_phrase(int64_t min, int64_t max, std::string (*fmt)(int64_t)) {
    if (max == INT64_MAX) return "must be at least " + fmt(min);
    if (min == INT64_MIN) return "must be at most " + fmt(max);
    return "must be between " + fmt(min) + " and " + fmt(max);
}

std::string plain_int(int64_t v) { return std::to_string(v); }


// Optimal-string-alignment distance: like Levenshtein, plus a swap of two neighbours counts as one
// edit, because "prot" for "port" is the typo people actually make. Case-insensitive.
size_t edit_distance(std::string_view a, std::string_view b) {
    auto eq = [](char x, char y) { return std::tolower((unsigned char)x) == std::tolower((unsigned char)y); };
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i)
        for (size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({ d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (eq(a[i - 1], b[j - 1]) ? 0 : 1) });
            if (i > 1 && j > 1 && eq(a[i - 1], b[j - 2]) && eq(a[i - 2], b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

// "64MiB" rather than "67108864 B" when it divides evenly.
std::string compact_bytes(int64_t v) {
    struct U { int64_t mult; const char* name; };
    static constexpr U units[] = { { int64_t(1) << 30, "GiB" }, { int64_t(1) << 20, "MiB" }, { int64_t(1) << 10, "KiB" } };
    for (const U& u : units)
        if (v != 0 && v % u.mult == 0) return std::to_string(v / u.mult) + u.name;
    return std::to_string(v) + " B";
}

} // namespace

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string join_words(const std::vector<std::string>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
    return s;
}

// -----------------------------------------------------------------------------------------------
// Free helpers
// -----------------------------------------------------------------------------------------------

bool parse_bytes(std::string_view text, int64_t& out) {
    size_t i = 0, n = text.size();
    while (i < n && std::isspace((unsigned char)text[i])) ++i;
    int64_t v = 0; bool any = false;
    while (i < n && std::isdigit((unsigned char)text[i])) {
        if (v > (INT64_MAX - 9) / 10) return false;
        v = v * 10 + (text[i++] - '0'); any = true;
    }
    if (!any) return false;
    while (i < n && std::isspace((unsigned char)text[i])) ++i;
    std::string unit(text.substr(i));
    while (!unit.empty() && std::isspace((unsigned char)unit.back())) unit.pop_back();
    int64_t mult;
    if (unit.empty() || unit == "B") mult = 1;
    else if (unit == "KiB") mult = int64_t(1) << 10;
    else if (unit == "MiB") mult = int64_t(1) << 20;
    else if (unit == "GiB") mult = int64_t(1) << 30;
    else return false;
    if (v > INT64_MAX / mult) return false;
    out = v * mult;
    return true;
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
    std::string best;
    size_t best_d = SIZE_MAX;
    for (const auto& c : candidates) {
        size_t d = edit_distance(word, c);
        if (d < best_d) { best_d = d; best = c; }
    }
    // Close enough to be a typo: at most 2 edits, and not a rewrite of a short word.
    if (best_d <= 2 && best_d < word.size() && best_d < best.size()) return best;
    return {};
}

std::string_view type_phrase(toml::node_type t) {
    switch (t) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
    }
}

// -----------------------------------------------------------------------------------------------
// TomlReader
// -----------------------------------------------------------------------------------------------

SourcePos TomlReader::pos(const toml::source_region& src) const {
    return SourcePos { file_, src.begin.line, src.begin.column };
}

void TomlReader::error(const SourcePos& at, std::string message) {
    errors_.push_back(ScenarioError { at, std::move(message) });
}

void TomlReader::check_keys(const toml::table& t, const std::vector<std::string>& allowed,
                            std::string_view where) {
    for (auto&& [key, value] : t) {
        (void)value;
        std::string k(key.str());
        if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
        std::string msg = "unknown key " + in_quotes(k) + " in " + std::string(where);
        std::string near = closest_match(k, allowed);
        if (!near.empty()) msg += "; did you mean " + in_quotes(near) + "?";
        // Long lists (the ~35 cost fields) would bury the message; point at the docs instead.
        if (allowed.size() <= 12) msg += " (allowed: " + join_words(allowed) + ")";
        else msg += " (the allowed keys are listed in scenarios/README.md)";
        // The key's own position; fall back to its value's if the key carries none.
        SourcePos p = pos(key.source());
        if (p.line == 0) p = pos(value);
        error(p, std::move(msg));
    }
}

bool TomlReader::read_int(const toml::node& n, std::string_view what, int64_t min, int64_t max, int64_t& out) {
    auto* v = n.as_integer();
    if (!v) {
        error(n, std::string(what) + " must be an integer (got " + std::string(type_phrase(n.type())) + ")");
        return false;
    }
    int64_t x = v->get();
    if (x < min || x > max) {
        error(n, std::string(what) + " " + range_phrase(min, max, plain_int) + " (got " + std::to_string(x) + ")");
        return false;
    }
    out = x;
    return true;
}

bool TomlReader::read_duration(const toml::node& n, std::string_view what, SimTime min, SimTime max, SimTime& out) {
    SimTime t;
    if (auto* i = n.as_integer()) {
        t = SimTime(i->get());
    } else if (auto* s = n.as_string()) {
        if (!parse_duration(s->get(), t)) {
            error(n, std::string(what) + ": bad duration " + in_quotes(s->get()) +
                         " (write a number with a unit ns, us, ms or s, e.g. \"250us\" or \"1.5ms\", "
                         "or an integer number of nanoseconds)");
            return false;
        }
    } else {
        error(n, std::string(what) + " must be a duration such as \"250us\" or an integer in ns (got " +
                     std::string(type_phrase(n.type())) + ")");
        return false;
    }
    if (t < min || t > max) {
        error(n, std::string(what) + " " + range_phrase(min.ns, max.ns, compact_duration) + " (got " +
                     compact_duration(t.ns) + ")");
        return false;
    }
    out = t;
    return true;
}

bool TomlReader::read_bytes(const toml::node& n, std::string_view what, int64_t min, int64_t max, int64_t& out) {
    int64_t b = 0;
    if (auto* i = n.as_integer()) {
        b = i->get();
    } else if (auto* s = n.as_string()) {
        if (!parse_bytes(s->get(), b)) {
            error(n, std::string(what) + ": bad size " + in_quotes(s->get()) +
                         " (write an integer number of bytes, or a number with B, KiB, MiB or GiB, e.g. \"4KiB\")");
            return false;
        }
    } else {
        error(n, std::string(what) + " must be a size in bytes such as 64 or \"4KiB\" (got " +
                     std::string(type_phrase(n.type())) + ")");
        return false;
    }
    if (b < min || b > max) {
        error(n, std::string(what) + " " + range_phrase(min, max, compact_bytes) + " (got " + std::to_string(b) + ")");
        return false;
    }
    out = b;
    return true;
}

bool TomlReader::read_bool(const toml::node& n, std::string_view what, bool& out) {
    auto* v = n.as_boolean();
    if (!v) {
        error(n, std::string(what) + " must be true or false (got " + std::string(type_phrase(n.type())) + ")");
        return false;
    }
    out = v->get();
    return true;
}

bool TomlReader::read_string(const toml::node& n, std::string_view what, std::string& out) {
    auto* v = n.as_string();
    if (!v) {
        error(n, std::string(what) + " must be a string (got " + std::string(type_phrase(n.type())) + ")");
        return false;
    }
    out = v->get();
    return true;
}

bool TomlReader::read_choice(const toml::node& n, std::string_view what, const std::vector<std::string>& choices,
                             int64_t& out) {
    std::string s;
    if (!n.is_string()) {
        error(n, std::string(what) + " must be one of: " + join_words(choices) + " (got " +
                     std::string(type_phrase(n.type())) + ")");
        return false;
    }
    s = n.as_string()->get();
    auto it = std::find(choices.begin(), choices.end(), s);
    if (it == choices.end()) {
        std::string msg = std::string(what) + ": unknown choice " + in_quotes(s) + "; must be one of: " + join_words(choices);
        std::string near = closest_match(s, choices);
        if (!near.empty()) msg += " (did you mean " + in_quotes(near) + "?)";
        error(n, std::move(msg));
        return false;
    }
    out = int64_t(it - choices.begin());
    return true;
}

bool TomlReader::read_text(const toml::node& n, std::string_view what, LocalizedText& out) {
    if (auto* s = n.as_string()) {
        out = LocalizedText { s->get(), {} };
        return true;
    }
    const toml::table* t = n.as_table();
    if (!t) {
        error(n, std::string(what) + " must be a string or a table { en = \"...\", zh = \"...\" } (got " +
                     std::string(type_phrase(n.type())) + ")");
        return false;
    }
    size_t before = errors_.size();
    check_keys(*t, { "en", "zh" }, std::string(what));
    LocalizedText text;
    if (const toml::node* en = t->get("en")) read_string(*en, std::string(what) + ".en", text.en);
    else error(n, std::string(what) + ": missing required key 'en' (the English text)");
    if (const toml::node* zh = t->get("zh")) read_string(*zh, std::string(what) + ".zh", text.zh);
    if (errors_.size() != before) return false;
    out = std::move(text);
    return true;
}

const toml::table* TomlReader::as_table(const toml::node& n, std::string_view what) {
    const toml::table* t = n.as_table();
    if (!t) error(n, std::string(what) + " must be a table (got " + std::string(type_phrase(n.type())) + ")");
    return t;
}

} // namespace ioscope::scenario_detail

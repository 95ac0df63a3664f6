// lexer.cpp — see lexer.h for the value grammar.
#include "lexer.h"

#include <cctype>

namespace ioscope::strace {

namespace {

constexpr size_t npos = std::string_view::npos;

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Skips a quoted string whose opening quote is at s[i]; returns the offset after the closing
// quote, or npos (err filled) if the line ends first.
size_t skip_string(std::string_view s, size_t i, LexError& err) {
    for (size_t j = i + 1; j < s.size(); ++j) {
        if (s[j] == '\\') { ++j; continue; }
        if (s[j] == '"') return j + 1;
    }
    err = { i, "unterminated string (the opening quote is here)" };
    return npos;
}

// Skips an fd decoration whose '<' is at s[i]: `<TCP:[a->b]>`, `</dev/urandom<char 1:9>>`.
// Inside [...] the arrows of socket addresses ("->") are text, not brackets.
size_t skip_decoration(std::string_view s, size_t i, LexError& err) {
    int angle = 0, square = 0;
    for (size_t j = i; j < s.size(); ++j) {
        char c = s[j];
        if (c == '"') {
            size_t e = skip_string(s, j, err);
            if (e == npos) return npos;
            j = e - 1;
        } else if (c == '[') {
            ++square;
        } else if (c == ']') {
            if (square > 0) --square;
        } else if (square == 0 && c == '<') {
            ++angle;
        } else if (square == 0 && c == '>') {
            if (--angle == 0) return j + 1;
        }
    }
    err = { i, "unterminated fd decoration '<...>' (the '<' is here)" };
    return npos;
}

char closer_of(char open) { return open == '(' ? ')' : open == '[' ? ']' : '}'; }

} // namespace

std::string_view trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
    return s.substr(b, e - b);
}

size_t skip_value(std::string_view s, size_t i, LexError& err) {
    // Open brackets, innermost last, with their offsets for the error message.
    std::vector<std::pair<char, size_t>> open;
    for (size_t j = i; j < s.size(); ++j) {
        char c = s[j];
        switch (c) {
        case '"': {
            size_t e = skip_string(s, j, err);
            if (e == npos) return npos;
            j = e - 1;
            break;
        }
        case '(': case '[': case '{':
            open.emplace_back(c, j);
            break;
        case ')': case ']': case '}':
            if (open.empty()) return j;
            if (closer_of(open.back().first) != c) {
                err = { j, std::string("'") + c + "' does not match the '" + open.back().first + "'",
                        open.back().second };
                return npos;
            }
            open.pop_back();
            break;
        case ',':
            if (open.empty()) return j;
            break;
        case '<':
            if (j + 1 < s.size() && s[j + 1] == '<') { ++j; break; }   // shift operator (futex ops)
            if (j > i && is_alnum(s[j - 1])) {                        // fd decoration
                size_t e = skip_decoration(s, j, err);
                if (e == npos) return npos;
                j = e - 1;
            }
            break;
        case '/':
            if (j + 1 < s.size() && s[j + 1] == '*') {
                size_t e = s.find("*/", j + 2);
                if (e == npos) {
                    err = { j, "unterminated comment '/*'" };
                    return npos;
                }
                j = e + 1;
            }
            break;
        default:
            break;
        }
    }
    if (!open.empty()) {
        err = { open.back().second, std::string("unbalanced '") + open.back().first + "': the line ends before its '" +
                                        closer_of(open.back().first) + "'" };
        return npos;
    }
    return s.size();
}

bool split_list(std::string_view s, size_t open, std::vector<std::string_view>& items,
                size_t& close_pos, LexError& err) {
    items.clear();
    if (open >= s.size() || (s[open] != '(' && s[open] != '[' && s[open] != '{')) {
        err = { open, "expected a bracketed list" };
        return false;
    }
    const char want = closer_of(s[open]);
    size_t i = open + 1;
    while (true) {
        size_t e = skip_value(s, i, err);
        if (e == npos) return false;
        if (e >= s.size()) {
            err = { open, std::string("unbalanced '") + s[open] + "': the line ends before its '" + want + "'" };
            return false;
        }
        std::string_view item = trim(s.substr(i, e - i));
        if (s[e] == ',') {
            items.push_back(item);
            i = e + 1;
            continue;
        }
        if (s[e] != want) {
            err = { e, std::string("'") + s[e] + "' does not match the '" + s[open] + "'", open };
            return false;
        }
        if (!item.empty() || !items.empty()) items.push_back(item);
        close_pos = e;
        return true;
    }
}

std::vector<std::string_view> split_spaces(std::string_view s) {
    std::vector<std::string_view> out;
    s = trim(s);
    if (!s.empty() && (s.front() == '[' || s.front() == '{')) s = s.substr(1);
    if (!s.empty() && (s.back() == ']' || s.back() == '}')) s.remove_suffix(1);
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        size_t j = i;
        while (j < s.size() && s[j] != ' ') ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

bool parse_int(std::string_view v, int64_t& out, std::string_view* deco) {
    v = trim(v);
    size_t i = 0;
    bool neg = false;
    if (i < v.size() && v[i] == '-') { neg = true; ++i; }
    if (i >= v.size() || !std::isdigit(static_cast<unsigned char>(v[i]))) return false;
    uint64_t x = 0;
    if (v[i] == '0' && i + 1 < v.size() && (v[i + 1] == 'x' || v[i + 1] == 'X')) {
        i += 2;
        size_t start = i;
        for (; i < v.size() && std::isxdigit(static_cast<unsigned char>(v[i])); ++i) {
            char c = char(std::tolower(static_cast<unsigned char>(v[i])));
            x = x * 16 + uint64_t(c <= '9' ? c - '0' : c - 'a' + 10);
        }
        if (i == start) return false;
    } else if (v[i] == '0' && i + 1 < v.size() && std::isdigit(static_cast<unsigned char>(v[i + 1]))) {
        for (; i < v.size() && v[i] >= '0' && v[i] <= '7'; ++i) x = x * 8 + uint64_t(v[i] - '0');
    } else {
        for (; i < v.size() && std::isdigit(static_cast<unsigned char>(v[i])); ++i) x = x * 10 + uint64_t(v[i] - '0');
    }
    std::string_view rest = v.substr(i);
    if (!rest.empty()) {
        // Only an fd decoration may follow the number.
        if (rest.front() != '<' || rest.back() != '>') return false;
        if (deco) *deco = rest.substr(1, rest.size() - 2);
    } else if (deco) {
        *deco = {};
    }
    out = int64_t(neg ? uint64_t(0) - x : x);   // modular, like strace's own printing of pointers
    return true;
}

std::optional<std::string_view> field(std::string_view s, std::string_view key) {
    s = trim(s);
    if (!s.empty() && s.front() == '{') {
        std::vector<std::string_view> items;
        size_t close = 0;
        LexError err;
        if (!split_list(s, 0, items, close, err)) return std::nullopt;
        for (std::string_view it : items)
            if (it.size() > key.size() && it.substr(0, key.size()) == key && it[key.size()] == '=')
                return it.substr(key.size() + 1);
        return std::nullopt;
    }
    // Not a braced struct: scan top-level "key=value" items separated by commas.
    size_t i = 0;
    while (i < s.size()) {
        LexError err;
        size_t e = skip_value(s, i, err);
        if (e == npos) return std::nullopt;
        std::string_view it = trim(s.substr(i, e - i));
        if (it.size() > key.size() && it.substr(0, key.size()) == key && it[key.size()] == '=')
            return it.substr(key.size() + 1);
        if (e >= s.size() || s[e] != ',') break;
        i = e + 1;
    }
    return std::nullopt;
}

bool decode_string(std::string_view v, std::string& out, bool* truncated) {
    v = trim(v);
    out.clear();
    if (v.size() < 2 || v.front() != '"') return false;
    size_t i = 1;
    for (; i < v.size() && v[i] != '"'; ++i) {
        char c = v[i];
        if (c != '\\' || i + 1 >= v.size()) { out += c; continue; }
        char e = v[++i];
        switch (e) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case 'f': out += '\f'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'x': {
            int val = 0, n = 0;
            while (n < 2 && i + 1 < v.size() && std::isxdigit(static_cast<unsigned char>(v[i + 1]))) {
                char h = char(std::tolower(static_cast<unsigned char>(v[++i])));
                val = val * 16 + (h <= '9' ? h - '0' : h - 'a' + 10);
                ++n;
            }
            out += char(val);
            break;
        }
        default:
            if (e >= '0' && e <= '7') {          // octal: up to three digits (\0, \33, \177)
                int val = e - '0', n = 1;
                while (n < 3 && i + 1 < v.size() && v[i + 1] >= '0' && v[i + 1] <= '7') {
                    val = val * 8 + (v[++i] - '0');
                    ++n;
                }
                out += char(val);
            } else {
                out += e;                        // \" \\ and anything else: the character
            }
        }
    }
    if (i >= v.size()) return false;             // no closing quote
    if (truncated) *truncated = v.substr(i + 1).substr(0, 3) == "...";
    return true;
}

} // namespace ioscope::strace

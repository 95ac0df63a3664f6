// lexer.h — the small tokenizer under the strace importer: it knows how strace 6.x prints one
// value, so a line can be cut into its arguments without regular expressions.
//
// What a value can contain (strace -f -ttt -T -yy, docs/STRACE.md):
//   numbers            3, -1, 0x7ffe2035e1b0, 0644
//   symbols and flags  EPOLL_CTL_ADD, O_RDWR|O_NONBLOCK, FUTEX_OP_SET<<28|0x1
//   strings            "GET / HTTP/1.1\r\n"...   (C escapes; `...` after the quote = cut by -s)
//   arrays, structs    [3 4], [{fd=3, revents=POLLIN}], {sa_family=AF_INET, sin_port=htons(80)}
//   calls              htons(16379), inet_addr("127.0.0.1")
//   fd decorations     7<TCP:[127.0.0.1:6379->127.0.0.1:5000]>, 3</dev/urandom<char 1:9>>,
//                      AT_FDCWD</tmp>   (-y/-yy: `<...>` right after the fd, may nest)
//   comments           0x30 /* CAP_??? */, /* 41 vars */
//   arrows             [128 => 16], clone3(...) => {parent_tid=[1256]}   (value-result arguments)
//
// Contract: every function works on a string_view and offsets into it; none allocates except
// decode_string. Errors carry the offset of the offending character so the caller can print
// FILE:LINE:COL.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ioscope::strace {

struct LexError {
    size_t pos { 0 };          // offset in the scanned text
    std::string message;
    // Offset of a related character (the bracket a closer fails to match), npos if none; the
    // caller, who knows where the text sits in the file, appends "(opened at column N)".
    size_t related { std::string_view::npos };
};

// Scans one value starting at `i` and returns the offset of the character that ends it: a
// top-level ',' or an unmatched ')' ']' '}', or s.size(). Strings, nested brackets, fd
// decorations and comments are skipped whole. On malformed input returns npos and fills err.
size_t skip_value(std::string_view s, size_t i, LexError& err);

// Splits a bracketed list whose opening bracket is at s[open]: fills items with the trimmed
// top-level elements and close_pos with the offset of the matching closer. Returns false with
// err on unbalanced input. An empty list gives no items.
bool split_list(std::string_view s, size_t open, std::vector<std::string_view>& items,
                size_t& close_pos, LexError& err);

// Like split_list for `[3 4 7]` (select's fd_set notation): elements separated by spaces.
std::vector<std::string_view> split_spaces(std::string_view s);

std::string_view trim(std::string_view s);

// An integer literal as strace prints it (decimal, negative, 0x hex, 0 octal), optionally
// followed by an fd decoration `<...>`, which is returned through deco (without the brackets).
// Hex values above INT64_MAX (pointers) wrap into int64_t. False if v is anything else.
bool parse_int(std::string_view v, int64_t& out, std::string_view* deco = nullptr);

// The value of `key=` at the top level of a struct's text ("{events=EPOLLIN, data={...}}"),
// braces optional. Empty optional if absent.
std::optional<std::string_view> field(std::string_view struct_text, std::string_view key);

// Decodes a quoted strace string ("a\r\n\x01\0"...) into bytes; *truncated is set when strace
// cut it (`...` after the closing quote). Returns false if v is not a string.
bool decode_string(std::string_view v, std::string& out, bool* truncated = nullptr);

// Evaluates a flag expression made of integers and symbols joined by '|' (O_RDWR|O_NONBLOCK)
// with a symbol lookup; returns false if any part is unknown.
template <class Lookup>
bool eval_flags(std::string_view v, int64_t& out, Lookup&& lookup) {
    v = trim(v);
    if (v.empty()) return false;
    int64_t acc = 0;
    size_t i = 0;
    while (i <= v.size()) {
        size_t bar = v.find('|', i);
        if (bar == std::string_view::npos) bar = v.size();
        std::string_view part = trim(v.substr(i, bar - i));
        int64_t x = 0;
        if (!parse_int(part, x) && !lookup(part, x)) return false;
        acc |= x;
        i = bar + 1;
    }
    out = acc;
    return true;
}

} // namespace ioscope::strace

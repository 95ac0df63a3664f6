// toml_reader.h — typed, position-aware reads from a parsed toml++ tree, for the scenario loader.
//
// Contract: every accessor either stores a valid value into `out` and returns true, or records one
// ScenarioError pointing at the offending node's source position and returns false (leaving `out`
// untouched, so the caller's default survives). Nothing here throws. Errors are collected, not
// fatal, so one pass over a file reports everything wrong with it.
//
// Internal to sim/scenario: only loader.cpp includes this (it drags in toml++).
#pragma once
#include "scenario.h"

#if __has_include(<toml++/toml.hpp>)
#include <toml++/toml.hpp>
#else
#include <toml++/toml.h>          // Debian's toml++ 3.3.0 ships only this name
#endif

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace ioscope::scenario_detail {

// "4KiB", "64B", "1 MiB", "4096" -> bytes. Binary units only: "KB" is rejected because half of
// the readers would take it as 1000 and half as 1024. Returns false on anything else.
bool parse_bytes(std::string_view text, int64_t& out);

// Closest candidate within a small edit distance ("hx" -> "hz"), or "" if none is close.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

class TomlReader {
public:
    explicit TomlReader(std::string file) : file_(std::move(file)) {}

    // --- error collection ---------------------------------------------------------------------
    SourcePos pos(const toml::source_region& src) const;
    SourcePos pos(const toml::node& n) const { return pos(n.source()); }
    void error(const SourcePos& at, std::string message);
    void error(const toml::node& at, std::string message) { error(pos(at), std::move(message)); }
    std::vector<ScenarioError>& errors() { return errors_; }
    const std::string& file() const { return file_; }

    // Reports every key of `t` not in `allowed` ("unknown key 'hx' in [machine]; did you mean 'hz'?
    // Allowed: cpus, hz, costs"). `where` names the table for the message, e.g. "[machine]".
    void check_keys(const toml::table& t, const std::vector<std::string>& allowed, std::string_view where);

    // --- typed reads of one value node (`what` names it in messages, e.g. "machine.cpus") -------
    bool read_int(const toml::node& n, std::string_view what, int64_t min, int64_t max, int64_t& out);
    // Duration: a string parse_duration() accepts ("250us", "1.5ms") or an integer in ns.
    bool read_duration(const toml::node& n, std::string_view what, SimTime min, SimTime max, SimTime& out);
    // Bytes: an integer or a string parse_bytes() accepts.
    bool read_bytes(const toml::node& n, std::string_view what, int64_t min, int64_t max, int64_t& out);
    bool read_bool(const toml::node& n, std::string_view what, bool& out);
    bool read_string(const toml::node& n, std::string_view what, std::string& out);
    // One of `choices` (a string); stores the index.
    bool read_choice(const toml::node& n, std::string_view what, const std::vector<std::string>& choices,
                     int64_t& out);
    // A plain string (taken as English) or a table { en = "...", zh = "..." }.
    bool read_text(const toml::node& n, std::string_view what, LocalizedText& out);

    // A table-valued node, or an error saying `what` must be a table.
    const toml::table* as_table(const toml::node& n, std::string_view what);

private:
    std::string file_;
    std::vector<ScenarioError> errors_;
};

// "'name'" and "a, b, c" for messages. (Not `quoted`: ADL would find std::quoted.)
std::string in_quotes(std::string_view s);
std::string join_words(const std::vector<std::string>& v);

// "a string", "an integer", ... for "must be X (got Y)" messages.
std::string_view type_phrase(toml::node_type t);

} // namespace ioscope::scenario_detail

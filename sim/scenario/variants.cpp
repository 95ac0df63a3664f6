// variants.cpp — [[variant]]: the same scenario with another model, size or duration.
//
// A variant table may hold: id, title, and overrides — duration, seed, [variant.machine],
// [variant.clients] (keys merged into [clients]), [variant.ostep] (keys merged into [ostep]) and [variant.process.NAME] (keys merged into the
// [[process]] named NAME; its `options` replaces that process's whole options table, because
// another model has other options). Everything else is rejected with a position.
#include "variants.h"

#include <set>

namespace ioscope::scenario_detail {

namespace {

bool valid_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!(std::islower((unsigned char)c) || std::isdigit((unsigned char)c) || c == '-' || c == '_')) return false;
    return true;
}

// Move every key of `from` into `into` (replacing what was there).
void merge_into(toml::table& into, toml::table& from) {
    for (auto&& [key, node] : from)
        node.visit([&](auto& v) { into.insert_or_assign(std::string(key.str()), std::move(v)); });
}

toml::table* find_process(toml::table& root, std::string_view name) {
    toml::array* procs = root["process"].as_array();
    if (!procs) return nullptr;
    for (toml::node& e : *procs) {
        toml::table* t = e.as_table();
        if (!t) continue;
        if (auto n = (*t)["name"].value<std::string>(); n && *n == name) return t;
    }
    return nullptr;
}

} // namespace

void read_variants(TomlReader& r, const toml::table& root, Scenario& sc) {
    const toml::node* n = root.get("variant");
    if (!n) return;
    const toml::array* arr = n->as_array();
    if (!arr) {
        r.error(*n, std::string("variant must be an array of tables: write [[variant]] (two brackets)") +
                        (n->is_table() ? "" : " (got " + std::string(type_phrase(n->type())) + ")"));
        return;
    }
    std::set<std::string> seen;
    for (const toml::node& e : *arr) {
        const toml::table* t = e.as_table();
        if (!t) { r.error(e, "variant entries must be tables; write [[variant]] sections"); continue; }
        r.check_keys(*t, { "id", "title", "duration", "seed", "machine", "clients", "process", "ostep" }, "[[variant]]");
        VariantInfo v;
        v.pos = r.pos(*t);
        if (const toml::node* id = t->get("id")) {
            if (r.read_string(*id, "variant.id", v.id)) {
                if (!valid_id(v.id)) r.error(*id, "variant id " + in_quotes(v.id) + " must be 1..64 characters of a-z, 0-9, '-' or '_'");
                else if (!seen.insert(v.id).second) r.error(*id, "duplicate variant id " + in_quotes(v.id));
            }
        } else {
            r.error(v.pos, "missing required key 'id' in [[variant]] (e.g. id = \"poll\")");
        }
        if (const toml::node* title = t->get("title")) r.read_text(*title, "variant.title", v.title);
        else r.error(v.pos, "missing required key 'title' in [[variant]] (title = { en = \"...\", zh = \"...\" })");
        for (const char* key : { "machine", "clients", "process", "ostep" })
            if (const toml::node* x = t->get(key)) r.as_table(*x, std::string("variant.") + key);
        if (const toml::table* procs = t->get_as<toml::table>("process"))
            for (auto&& [name, over] : *procs) {
                if (!over.is_table()) { r.error(over, "variant.process." + std::string(name.str()) + " must be a table"); continue; }
                bool found = false;
                if (const toml::array* ps = root.get_as<toml::array>("process"))
                    for (const toml::node& p : *ps)
                        if (const toml::table* pt = p.as_table())
                            if (auto nm = (*pt)["name"].value<std::string>(); nm && *nm == name.str()) found = true;
                if (!found) r.error(over, "variant overrides process " + in_quotes(name.str()) + ", but no [[process]] has that name");
            }
        sc.variants.push_back(std::move(v));
    }
}

bool apply_variant(TomlReader& r, toml::table& root, const Scenario& sc, const std::string& id) {
    toml::array* arr = root["variant"].as_array();
    toml::table* chosen = nullptr;
    if (arr)
        for (toml::node& e : *arr)
            if (toml::table* t = e.as_table())
                if (auto v = (*t)["id"].value<std::string>(); v && *v == id) chosen = t;
    if (!chosen) {
        std::vector<std::string> ids;
        for (const auto& v : sc.variants) ids.push_back(v.id);
        r.error(SourcePos { r.file(), 0, 0 }, "no variant " + in_quotes(id) + " in this scenario" +
                    (ids.empty() ? std::string(" (it defines none)") : " (variants: " + join_words(ids) + ")"));
        return false;
    }
    for (const char* key : { "duration", "seed" })
        if (toml::node* n = chosen->get(key)) n->visit([&](auto& v) { root.insert_or_assign(key, std::move(v)); });
    for (const char* key : { "machine", "clients", "ostep" })
        if (toml::table* over = chosen->get_as<toml::table>(key)) {
            if (toml::table* base = root.get_as<toml::table>(key)) merge_into(*base, *over);
            else root.insert_or_assign(key, std::move(*over));
        }
    if (toml::table* procs = chosen->get_as<toml::table>("process"))
        for (auto&& [name, over] : *procs) {
            toml::table* target = find_process(root, name.str());
            toml::table* o = over.as_table();
            if (!target || !o) return false;           // reported by read_variants
            merge_into(*target, *o);
        }
    return true;
}

} // namespace ioscope::scenario_detail

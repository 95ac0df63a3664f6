// document.cpp — see the header. All loading goes through the same APIs as ioscope-cli
// (load_scenario_file + run_scenario, read_jsonl_file), so the GUI shows the same run.
#include "document.h"

#include "i18n.h"

#include "sim/app/run.h"
#include "sim/trace/jsonl.h"

#include <chrono>
#include <exception>
#include <filesystem>

namespace ioscope::gui {

namespace fs = std::filesystem;

bool is_trace_path(const std::string& path) {
    return fs::path(path).extension() == ".jsonl";
}

namespace {

void finish(Document& d) {
    d.model = TimelineModel::build(*d.trace);
    d.playhead = std::make_unique<ioscope::Reconstructor>(*d.trace);
    d.probe = std::make_unique<ioscope::Reconstructor>(*d.trace);
}

std::string bundled_list() {
    std::string s;
    for (const auto& b : ioscope::list_bundled_scenarios()) s += (s.empty() ? "" : ", ") + b.id;
    return s.empty() ? "none found in " + ioscope::scenario_dir() : s;
}

} // namespace

std::unique_ptr<Document> make_document(std::unique_ptr<ioscope::Trace> trace, const std::string& name) {
    const auto t0 = std::chrono::steady_clock::now();
    auto d = std::make_unique<Document>();
    d->source = d->name = d->path = name;
    d->from_trace_file = true;
    d->trace = std::move(trace);
    d->title = { d->trace->meta.title, d->trace->meta.title_zh };
    finish(*d);
    d->load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return d;
}

LoadOutcome load_document(const std::string& source) {
    LoadOutcome out;
    const auto t0 = std::chrono::steady_clock::now();
    try {
        auto d = std::make_unique<Document>();
        d->source = source;
        if (is_trace_path(source)) {
            std::vector<std::string> errors;
            auto tr = ioscope::read_jsonl_file(source, errors);
            if (!tr) {
                out.errors = errors.empty() ? std::vector<std::string> { source + ": " + gui::tr(S::ErrorWord) + ": " + gui::tr(S::ErrCannotReadTrace) } : errors;
                return out;
            }
            d->trace = std::make_unique<ioscope::Trace>(std::move(*tr));
            d->path = source;
            d->name = fs::path(source).filename().string();
            d->from_trace_file = true;
            d->title = { d->trace->meta.title, d->trace->meta.title_zh };
            // A trace of a bundled scenario gets that scenario's explanation too.
            // meta.scenario is "ID" or "ID@VARIANT" (a variant may rewrite the explanation).
            if (const std::string& ref = d->trace->meta.scenario; !ref.empty()) {
                const std::string id = ref.substr(0, ref.find('@'));
                if (std::string p = ioscope::resolve_scenario(id); !p.empty() && p.find('/') != std::string::npos) {
                    auto r = ioscope::load_scenario_ref(ref);
                    if (r.ok()) { d->explanation = r.scenario->explanation; d->look_at = r.scenario->look_at; }
                }
            }
        } else {
            // "ID", "ID@VARIANT", "PATH.toml" or "PATH.toml@VARIANT", exactly as the CLI takes them.
            const std::string base = ioscope::resolve_scenario(source).empty() && source.rfind('@') != std::string::npos
                                         ? source.substr(0, source.rfind('@'))
                                         : source;
            const std::string path = ioscope::resolve_scenario(base);
            if (path.empty()) {
                if (source.find('/') != std::string::npos || fs::path(source).has_extension())
                    out.errors.push_back(source + ": " + tr(S::ErrorWord) + ": " + tr(S::ErrNoSuchFile));
                else
                    out.errors.push_back(source + ": " + tr(S::ErrorWord) + ": " + tr(S::ErrNotScenario) + " (" +
                                         tr(S::ErrBundledList) + ": " + bundled_list() + ")");
                return out;
            }
            ioscope::LoadResult r = ioscope::load_scenario_ref(source);
            if (!r.ok()) {
                for (const auto& e : r.errors) out.errors.push_back(e.format());
                if (out.errors.empty()) out.errors.push_back(path + ": " + tr(S::ErrorWord) + ": " + tr(S::ErrInvalidScenario));
                return out;
            }
            ioscope::RunResult run = ioscope::run_scenario(*r.scenario, ioscope::RunOptions {});
            if (!run.trace) { out.errors.push_back(path + ": " + tr(S::ErrorWord) + ": " + tr(S::ErrNoTraceProduced)); return out; }
            d->trace = std::move(run.trace);
            d->path = path;
            d->name = r.scenario->id.empty() ? fs::path(path).stem().string() : r.scenario->id;
            if (!r.scenario->variant.empty()) d->name += "@" + r.scenario->variant;
            // The run named the trace "TITLE — VARIANT TITLE" (name_trace): show what was run.
            d->title = { d->trace->meta.title, d->trace->meta.title_zh };
            d->explanation = r.scenario->explanation;
            d->look_at = r.scenario->look_at;
        }
        finish(*d);
        d->load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        out.doc = std::move(d);
    } catch (const std::exception& e) {
        out.doc.reset();
        out.errors.push_back(source + ": error: " + e.what());
    }
    return out;
}

} // namespace ioscope::gui

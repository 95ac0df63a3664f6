// app.cpp — see the header.
//
//  [SECTION] Document and playhead
//  [SECTION] Frame and layout
//  [SECTION] Actions and keyboard
//  [SECTION] Menu, legend, floating windows
#include "app.h"

#include "details_panel.h"
#include "help_overlay.h"
#include "i18n.h"
#include "record_text.h"
#include "theme.h"
#include "transport.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace ioscope::gui {

//-----------------------------------------------------------------------------
// [SECTION] Document and playhead
//-----------------------------------------------------------------------------

App::App(Fonts& fonts) : fonts_(fonts) {
    bar_.refresh_bundled();
    for (const std::string& s : bar_.all_texts()) fonts_.add_text(s);
    browser_.refresh();
    for (const std::string& s : browser_.texts()) fonts_.add_text(s);
    pb_.set_speed_index(default_speed_index());
}

void App::set_document(std::unique_ptr<Document> doc) {
    if (!doc) return;
    tl_.set_model(nullptr, nullptr);
    doc_ = std::move(doc);
    // Every string of the trace and the scenario texts: their characters must be in the atlas.
    for (uint32_t i = 0; i < doc_->trace->strings.size(); ++i) fonts_.add_text(doc_->trace->str(i));
    for (const auto* t : { &doc_->title, &doc_->explanation, &doc_->look_at }) fonts_.add_text(t->zh);
    narration_recs_.clear();
    for (uint32_t i = 0; i < doc_->trace->size(); ++i)
        if (doc_->trace->records[i].kind == ioscope::Kind::Narration) narration_recs_.push_back(i);
    const int speed = pb_.speed_index();
    pb_.reset(doc_->trace.get());
    pb_.set_speed_index(speed);
    tl_.set_model(doc_->trace.get(), &doc_->model);
    bar_.clear_errors();
    bar_.set_path(doc_->path);
    open_errors_.clear();
    events_.reset();
    stats_.reset();
    plots_.reset();
    hovered_ = UINT32_MAX;
    sync_playhead();
}

void App::view_around_playhead() {
    if (!doc_ || doc_->trace->size() == 0) return;
    const auto& recs = doc_->trace->records;
    const size_t n = recs.size();
    const size_t p = std::min(pb_.position(), n - 1);
    // About a hundred records around the playhead: enough context to see what leads up to it,
    // few enough that the names in the slices are readable.
    const size_t a = p > 50 ? p - 50 : 0, b = std::min(n - 1, p + 50);
    int64_t t0 = std::min(recs[a].t, pb_.playhead_ns()), t1 = std::max(recs[b].t, pb_.playhead_ns());
    if (t1 - t0 < 20000) { const int64_t mid = (t0 + t1) / 2; t0 = mid - 10000; t1 = mid + 10000; }
    tl_.show_range(t0, t1);
    tl_.following = true;
}

void App::process_requests() {
    if (pending_open_.empty()) return;
    const std::string src = std::move(pending_open_);
    pending_open_.clear();
    LoadOutcome lo = load_document(src);
    if (!lo.doc) {
        open_errors_ = lo.errors;
        bar_.set_errors(lo.errors);
        set_status(src);
        status_id_ = S::OpenFailed;
        return;
    }
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s (%.0f ms)", lo.doc->name.c_str(), lo.doc->load_ms);
    set_document(std::move(lo.doc));
    set_status(buf);
    status_id_ = S::Loaded;
    // Recent files: what the user opened, as an absolute path (a bundled id stays an id).
    std::error_code ec;
    const std::filesystem::path p(src);
    browser_.recent().add(std::filesystem::exists(p, ec) ? std::filesystem::absolute(p, ec).string() : src);
}

void App::sync_playhead() {
    if (doc_) doc_->playhead->seek(pb_.position());
}

std::string App::narration_at() const {
    if (!doc_ || narration_recs_.empty()) return {};
    auto it = std::lower_bound(narration_recs_.begin(), narration_recs_.end(), uint32_t(pb_.position()));
    if (it == narration_recs_.begin()) return {};
    const ioscope::Record& r = doc_->trace->records[*(it - 1)];
    const auto zh = doc_->trace->str(r.c);
    return std::string(chinese() && !zh.empty() ? zh : doc_->trace->str(r.name));
}

//-----------------------------------------------------------------------------
// [SECTION] Frame and layout
//-----------------------------------------------------------------------------

void App::frame(double dt_s) {
    const ImGuiIO& io = ImGui::GetIO();
    frame_ms_ = frame_ms_ * 0.9 + dt_s * 1000.0 * 0.1;
    if (++frame_no_ > 2 && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || ImGui::IsAnyMouseDown())) pointer_live_ = true;
    if (pb_.advance(dt_s)) tl_.follow(pb_.playhead_ns());
    handle_keys();
    sync_playhead();

    if (!presentation_) draw_menu();
    const float W = io.DisplaySize.x, H = io.DisplaySize.y;
    const float fs = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float menu_h = presentation_ ? 0.0f : ImGui::GetFrameHeight();
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

    // Heights: the scenario bar is as tall as its content (the whole note; one row in
    // presentation mode), measured by its last draw; transport and status are fixed.
    const std::string narration = narration_at();
    const float status_h = presentation_ ? 0.0f : line + style.WindowPadding.y * 2;
    const float transport_h = ImGui::GetFrameHeightWithSpacing() * 2 + style.WindowPadding.y * 2;
    const float bar_min = style.WindowPadding.y * 2 + ImGui::GetFrameHeight();
    const float bar_h = std::clamp(bar_.wanted_height() > 0 ? bar_.wanted_height() : bar_min + line * 3, bar_min, H * 0.3f);

    ImGui::SetNextWindowPos(ImVec2(0, menu_h));
    ImGui::SetNextWindowSize(ImVec2(W, bar_h));
    if (ImGui::Begin("##scenario", nullptr, fixed | ImGuiWindowFlags_NoTitleBar)) {
        const std::string req = bar_.draw(doc_.get(), narration, presentation_);
        if (!req.empty()) pending_open_ = req;
    }
    ImGui::End();

    const float top = menu_h + bar_h;
    const float mid_h = std::max(100.0f, H - top - transport_h - status_h);
    // The details column narrows on a projector-sized screen (1024 px): the timeline and the
    // inspectors need the width more.
    const float details_w = presentation_ ? 0.0f : std::clamp(W * 0.27f, std::min(300.0f, W * 0.4f), 560.0f);

    // The timeline gets the upper part of the left column, sized to show every lane of a small
    // scenario (its natural height); a scenario with many lanes may take up to 72% of the column,
    // as long as the inspector area (narration and kernel objects, gui/inspect_panels) keeps about
    // ten text lines (at 1280x800: thundering-herd's compact lanes show both CPUs and three
    // of its four workers, not only the CPUs). Dragging the border fixes the split by hand.
    const float tl_chrome = ImGui::GetFrameHeight() + style.WindowPadding.y * 2 + ImGui::GetFrameHeightWithSpacing() + 4;
    const float split_max = std::clamp(1.0f - fs * 10.0f / mid_h, 0.58f, 0.72f);
    if (!split_by_hand_ && tl_.natural_height() > 0)
        split_ = std::clamp((tl_.natural_height() + tl_chrome) / mid_h, 0.2f, split_max);
    drag_split(top, mid_h, W - details_w);
    const float tl_h = show_inspectors_ ? std::clamp(mid_h * split_, std::min(80.0f, mid_h), std::max(80.0f, mid_h - 120.0f))
                                        : mid_h;
    if (show_inspectors_) insp_.draw(doc_.get(), pb_, ImVec2(0, top + tl_h), ImVec2(W - details_w, mid_h - tl_h));
    ImGui::SetNextWindowPos(ImVec2(0, top));
    ImGui::SetNextWindowSize(ImVec2(W - details_w, tl_h));
    const std::string tl_title = std::string(tr(S::Timeline)) + "###timeline";
    if (ImGui::Begin(tl_title.c_str(), nullptr, fixed | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoScrollbar)) {
        const float legend_h = ImGui::GetFrameHeightWithSpacing();
        ImGui::BeginChild("##lanes", ImVec2(0, -legend_h), false, ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoScrollbar);
        TimelineOutput out;
        if (doc_) {
            TimelineInput in;
            in.trace = doc_->trace.get();
            in.model = &doc_->model;
            in.state = &doc_->playhead->current();
            in.playhead_ns = pb_.playhead_ns();
            in.current_record = pb_.position() ? uint32_t(pb_.position() - 1) : UINT32_MAX;
            in.bold = fonts_.bold();
            in.pointer_live = pointer_live_;
            tl_.draw(in, out);
        } else {
            ImGui::TextDisabled("%s", tr(S::NoTrace));
        }
        ImGui::EndChild();
        hovered_ = out.hovered_record;
        if (out.seek_time) {
            pb_.pause();
            pb_.seek_time(*out.seek_time);
            sync_playhead();
        }
        draw_legend();
    }
    ImGui::End();

    ImGui::SetNextWindowPos(ImVec2(W - details_w, top));
    ImGui::SetNextWindowSize(ImVec2(details_w, mid_h));
    const std::string det_title = std::string(tr(S::Details)) + "###details";
    if (!presentation_ && ImGui::Begin(det_title.c_str(), nullptr, fixed)) {
        if (doc_) {
            uint32_t rec = UINT32_MAX;
            DetailsSource src = DetailsSource::Playhead;
            if (hovered_ != UINT32_MAX) { rec = hovered_; src = DetailsSource::Hovered; }
            else if (tl_.selected_record != UINT32_MAX) { rec = tl_.selected_record; src = DetailsSource::Selected; }
            else if (pb_.position() > 0) { rec = uint32_t(pb_.position() - 1); }
            draw_details(*doc_, rec, src);
        }
    }
    if (!presentation_) ImGui::End();

    ImGui::SetNextWindowPos(ImVec2(0, top + mid_h));
    ImGui::SetNextWindowSize(ImVec2(W, transport_h));
    if (ImGui::Begin("##transport", nullptr, fixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar)) {
        TransportResult tr_res = draw_transport(pb_, tl_.following);
        if (tr_res.moved) moved();
        if (tr_res.action) run_action(*tr_res.action);
    }
    ImGui::End();

    ImGui::SetNextWindowPos(ImVec2(0, H - status_h));
    ImGui::SetNextWindowSize(ImVec2(W, status_h));
    if (!presentation_ && ImGui::Begin("##status", nullptr, fixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar)) {
        std::string s;
        if (doc_) {
            char buf[256];
            std::snprintf(buf, sizeof buf, "%s  |  %s %zu  |  %s %zu  |  %s %zu  |  %s", doc_->name.c_str(), tr(S::Records),
                          doc_->trace->size(), tr(S::Cpus), doc_->model.cpus.size(), tr(S::Tasks), doc_->model.tasks.size(),
                          duration_text(doc_->trace->end_ns()).c_str());
            s = buf;
        }
        if (!status_.empty()) {
            s += s.empty() ? "" : "  |  ";
            if (status_id_ == S::OpenFailed) s += std::string(tr(status_id_)) + ": ";
            else if (status_id_ != S::Count_) s += std::string(tr(status_id_)) + " ";
            s += status_;
        }
        if (!fonts_.has_cjk()) s += std::string("  |  ") + tr(S::NoCjkFont, Lang::En);
        ImGui::TextUnformatted(s.c_str());
        char fps[64];
        std::snprintf(fps, sizeof fps, "%.1f %s", frame_ms_, tr(S::FrameMs));
        ImGui::SameLine(std::max(0.0f, W - ImGui::CalcTextSize(fps).x - style.WindowPadding.x * 2));
        ImGui::TextDisabled("%s", fps);
    }
    if (!presentation_) ImGui::End();

    draw_windows();
    draw_presentation_hint(dt_s);
    (void)fs;
}

// For a few seconds after entering presentation mode: how to get out (the menu bar is gone).
// A line of its own under the scenario note (the bar makes room for it), so it covers nothing;
// it goes when the time is up.
void App::draw_presentation_hint(double dt_s) {
    if (!presentation_ || hint_s_ <= 0) { bar_.set_hint({}); return; }
    hint_s_ = std::max(0.0, hint_s_ - dt_s);
    bar_.set_hint(hint_s_ > 0 ? tr(S::PresentationHint) : "");
}

//-----------------------------------------------------------------------------
// [SECTION] Actions and keyboard
//-----------------------------------------------------------------------------

void App::moved() {
    // The reconstructor follows in frame() (sync_playhead), once per frame however many steps a
    // held key or a script made: a step costs a short scan, not a state rebuild.
    tl_.set_view(keep_in_view(tl_.view(), pb_.playhead_ns(), 0.05, 0.95));
}

void App::step(StepUnit unit, bool forward) {
    pb_.pause();
    pb_.seek(step_position(*doc_->trace, unit, pb_.position(), forward));
    moved();
}

void App::select_record(uint32_t rec) {
    if (!doc_ || rec >= doc_->trace->size()) return;
    tl_.selected_record = rec;
    tl_.selected_task = doc_->trace->records[rec].task;
    pb_.pause();
    pb_.seek(size_t(rec) + 1);
    moved();
}

// The border between the timeline and the inspector area: a 6-pixel band the mouse can grab.
// Hit-tested by hand because the two are separate fixed windows; the lanes end above the legend,
// so a drag that starts on the band never reaches the timeline's own pan/select handling.
void App::drag_split(float top, float mid_h, float width) {
    if (!show_inspectors_ || mid_h <= 0) { dragging_split_ = false; return; }
    const ImGuiIO& io = ImGui::GetIO();
    const float y = top + std::clamp(mid_h * split_, std::min(80.0f, mid_h), std::max(80.0f, mid_h - 120.0f));
    const bool over = io.MousePos.x >= 0 && io.MousePos.x < width && std::abs(io.MousePos.y - y) <= 3.0f &&
                      !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
    if (over && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) dragging_split_ = true;
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) dragging_split_ = false;
    if (dragging_split_) { split_ = std::clamp((io.MousePos.y - top) / mid_h, 0.1f, 0.9f); split_by_hand_ = true; }
    if (over || dragging_split_) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);
        ImGui::GetForegroundDrawList()->AddLine(ImVec2(0, y), ImVec2(width, y), ImGui::GetColorU32(ImGuiCol_SeparatorActive), 3.0f);
    }
}

bool App::probe(const std::string& name, std::string& v) const {
    if (name == "event-kind") v = std::to_string(events_.kind_filter());
    else if (name == "event-task") v = std::to_string(events_.task_filter());
    else if (name == "event-fd") v = std::to_string(events_.fd_filter());
    else if (name == "event-search") v = events_.search_text();
    else if (name == "events-open") v = show_events_ ? "1" : "0";
    else if (name == "plots-tab") v = std::to_string(plots_.tab());
    else if (name == "plots-open") v = show_plots_ ? "1" : "0";
    else if (name == "sweep-series") v = std::to_string(plots_.sweep() ? plots_.sweep()->series.size() : 0);
    else if (name == "sweep-points") {
        size_t n = 0;
        if (plots_.sweep())
            for (const SweepSeries& s : plots_.sweep()->series) n += s.points.size();
        v = std::to_string(n);
    }
    else if (name == "browser-tab") v = std::to_string(browser_.tab());
    else if (name == "browser-open") v = show_browser_ ? "1" : "0";
    else return false;
    return true;
}

bool App::open_sweep(const std::string& path, std::string& error) {
    show_plots_ = true;
    plots_.show_sweep_tab();
    if (plots_.open_sweep(path)) return true;
    error = plots_.sweep_error();
    return false;
}

void App::run_action(Action a) {
    // Actions that need no document first.
    switch (a) {
    case Action::ToggleHelp: show_help_ = !show_help_; return;
    case Action::ToggleInspectors: show_inspectors_ = !show_inspectors_; return;
    case Action::ToggleBrowser: show_browser_ = !show_browser_; return;
    case Action::FocusPath: bar_.focus_path(); return;
    case Action::ScenarioList: bar_.open_list(); return;
    case Action::OpenFile: show_browser_ = true; browser_.show_files(); return;
    case Action::ToggleExplanation: bar_.toggle_explanation(); return;
    case Action::NarrationNotes: show_inspectors_ = true; insp_.open_notes(); return;
    case Action::KeyboardNav:
        keyboard_nav_ = !keyboard_nav_;
        set_status(keyboard_nav_ ? tr(S::KeyboardNavOn) : "");
        return;
    case Action::Quit: quit_ = true; return;
    case Action::ToggleLanguage:
        set_language(chinese() ? Lang::En : Lang::Zh);
        settings_.language = chinese() ? "zh" : "en";
        save_settings();
        return;
    case Action::ToggleTheme:
        light_ = !light_;
        set_theme(light_, presentation_);
        settings_.light_theme = light_;
        save_settings();
        return;
    case Action::TextLarger:
    case Action::TextSmaller: {
        const float px = std::clamp(fonts_.size() + (a == Action::TextLarger ? 2.0f : -2.0f), UserSettings::kMinText,
                                    UserSettings::kMaxText);
        fonts_.set_size(px);
        (presentation_ ? settings_.presentation_text_size : settings_.text_size) = px;
        if (!presentation_) text_px_ = px;
        save_settings();
        return;
    }
    case Action::TogglePresentation:
        set_presentation(!presentation_);
        settings_.presentation = presentation_;
        save_settings();
        return;
    case Action::ClearSelection:
        tl_.selected_record = UINT32_MAX; tl_.selected_task = 0; show_help_ = false; bar_.dismiss_errors(); return;
    case Action::Slower: pb_.set_speed_index(pb_.speed_index() - 1); return;
    case Action::Faster: pb_.set_speed_index(pb_.speed_index() + 1); return;
    case Action::LectureSpeed: pb_.set_speed_index(lecture_speed_index()); return;
    default: break;
    }
    if (!doc_) return;
    switch (a) {
    case Action::TogglePlay: pb_.toggle(); if (pb_.playing()) tl_.following = true; break;
    case Action::StepForward: step(StepUnit::Record, true); break;
    case Action::StepBack: step(StepUnit::Record, false); break;
    case Action::SyscallForward: step(StepUnit::Syscall, true); break;
    case Action::SyscallBack: step(StepUnit::Syscall, false); break;
    case Action::WakeupForward: step(StepUnit::Wakeup, true); break;
    case Action::WakeupBack: step(StepUnit::Wakeup, false); break;
    case Action::NarrationForward: step(StepUnit::Narration, true); break;
    case Action::NarrationBack: step(StepUnit::Narration, false); break;
    case Action::First: pb_.pause(); pb_.seek(0); moved(); break;
    case Action::Last: pb_.pause(); pb_.seek(doc_->trace->size()); moved(); break;
    case Action::ZoomIn: tl_.zoom_center(0.8); break;
    case Action::ZoomOut: tl_.zoom_center(1.25); break;
    case Action::PanLeft: tl_.pan_fraction(-0.15); break;
    case Action::PanRight: tl_.pan_fraction(0.15); break;
    case Action::Fit: tl_.fit(); tl_.following = false; break;
    case Action::ZoomToRange: tl_.zoom_to_range(); break;
    case Action::MarkerA: tl_.mark_a = pb_.playhead_ns(); break;
    case Action::MarkerB: tl_.mark_b = pb_.playhead_ns(); break;
    case Action::ClearMarkers: tl_.mark_a.reset(); tl_.mark_b.reset(); break;
    case Action::FollowPlayhead: tl_.following = !tl_.following; if (tl_.following) tl_.follow(pb_.playhead_ns()); break;
    case Action::ShowAllFlows: tl_.show_all_flows = !tl_.show_all_flows; break;
    case Action::ToggleEvents: show_events_ = !show_events_; break;
    case Action::ToggleStats: show_stats_ = !show_stats_; break;
    case Action::TogglePlots: show_plots_ = !show_plots_; break;
    case Action::FocusSearch: show_events_ = true; focus_search_ = true; break;
    case Action::FilterKind: show_events_ = true; events_.cycle_kind(); break;
    case Action::FilterTask: show_events_ = true; events_.cycle_task(*doc_); break;
    case Action::FilterFd: show_events_ = true; events_.focus_fd(); break;
    case Action::PlotsTab: show_plots_ = true; plots_.next_tab(); break;
    case Action::Reload: pending_open_ = doc_->source; break;
    default: break;
    }
}

// Named keys through ImGuiKey_* with exact modifiers; letters through the typed characters, so
// W/A/S/D follow the keyboard layout and never depend on a backend's key codes (ImGui 1.86 has
// no ImGuiKey_W). Stepping keys repeat while held.
void App::handle_keys() {
    ImGuiIO& io = ImGui::GetIO();
    // Keyboard navigation (B): Dear ImGui moves between the controls with the arrows and
    // activates with Space/Enter, so while it is on the named keys are its own; Esc leaves it.
    // Typed letters keep their meaning. The flag is read by the next NewFrame.
    if (keyboard_nav_) io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    else io.ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;
    // A text field with the focus takes every key: no shortcut fires while typing.
    if (io.WantTextInput) return;
    if (keyboard_nav_ && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
        keyboard_nav_ = false;
        set_status("");
        return;
    }
    auto imgui_key = [](NamedKey k) -> int {
        switch (k) {
        case NamedKey::Space: return ImGuiKey_Space;
        case NamedKey::Left: return ImGuiKey_LeftArrow;
        case NamedKey::Right: return ImGuiKey_RightArrow;
        case NamedKey::Up: return ImGuiKey_UpArrow;
        case NamedKey::Down: return ImGuiKey_DownArrow;
        case NamedKey::PageUp: return ImGuiKey_PageUp;
        case NamedKey::PageDown: return ImGuiKey_PageDown;
        case NamedKey::Home: return ImGuiKey_Home;
        case NamedKey::End: return ImGuiKey_End;
        case NamedKey::Escape: return ImGuiKey_Escape;
        case NamedKey::Tab: return ImGuiKey_Tab;
        default: return -1;
        }
    };
    std::vector<Action> fire;
    for (const ActionInfo& a : actions()) {
        if (a.key.named == NamedKey::None || keyboard_nav_) continue;
        const int k = imgui_key(a.key.named);
        if (k < 0 || io.KeyShift != a.key.shift || io.KeyCtrl != a.key.ctrl) continue;
        const bool repeat = a.group == ActionGroup::Transport && a.id != Action::TogglePlay;
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), repeat)) fire.push_back(a.id);
    }
    // Ctrl+letter: by the letter's key code (no typed character comes with Ctrl).
    for (const ActionInfo& a : actions())
        if (a.key.ch >= 'a' && a.key.ch <= 'z' && a.key.ctrl && io.KeyCtrl && io.KeyShift == a.key.shift &&
            ImGui::IsKeyPressed(int(a.key.ch - 'a' + 'A'), false))
            fire.push_back(a.id);
    if (!io.KeyCtrl) {
        for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
            char32_t ch = io.InputQueueCharacters[i];
            if (ch >= 'A' && ch <= 'Z') ch = ch - 'A' + 'a';
            if (ch == '=') ch = '+';                 // the unshifted '+' key on US layouts
            for (const ActionInfo& a : actions())
                if (a.key.ch == ch && !a.key.ctrl) fire.push_back(a.id);
        }
    }
    for (Action a : fire) run_action(a);
}

void App::use_settings(const UserSettings& saved, std::string path, float normal_text_px, bool presentation) {
    settings_ = saved;
    settings_path_ = std::move(path);
    text_px_ = normal_text_px;
    light_ = saved.light_theme;
    presentation_ = !presentation;        // so set_presentation applies everything
    set_presentation(presentation);
}

void App::set_presentation(bool on) {
    if (on == presentation_) return;
    presentation_ = on;
    set_theme(light_, on);
    fonts_.set_size(on ? settings_.presentation_text_size : text_px_);
    if (on) {
        // What a lecture does not need on the wall; each is still one key away (E, C, P, O).
        show_events_ = show_stats_ = show_plots_ = show_browser_ = show_help_ = false;
        hovered_ = UINT32_MAX;
        hint_s_ = 4.0;
    }
}

void App::save_settings() {
    if (settings_path_.empty()) return;
    std::string err;
    if (!settings_.save(settings_path_, err)) set_status(err);
}

//-----------------------------------------------------------------------------
// [SECTION] Menu, legend, floating windows
//-----------------------------------------------------------------------------

void App::menu_action(Action a, bool checked, bool enabled) {
    const ActionInfo& info = action_info(a);
    if (ImGui::MenuItem(tr(info.label), key_text(info.key).c_str(), checked, enabled)) run_action(a);
}

void App::draw_menu() {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu((std::string(tr(S::MenuFile)) + "###file").c_str())) {
        menu_action(Action::ToggleBrowser, show_browser_);
        menu_action(Action::FocusPath);
        menu_action(Action::Reload, false, doc_ != nullptr);
        ImGui::Separator();
        menu_action(Action::Quit);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu((std::string(tr(S::Play)) + "###play").c_str())) {
        for (const ActionInfo& a : actions())
            if (a.group == ActionGroup::Transport) menu_action(a.id, false, doc_ != nullptr);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu((std::string(tr(S::MenuView)) + "###view").c_str())) {
        for (const ActionInfo& a : actions()) {
            if (a.group != ActionGroup::Timeline) continue;
            menu_action(a.id, (a.id == Action::FollowPlayhead && tl_.following) || (a.id == Action::ShowAllFlows && tl_.show_all_flows),
                        doc_ != nullptr);
        }
        ImGui::Separator();
        menu_action(Action::ToggleEvents, show_events_);
        menu_action(Action::ToggleStats, show_stats_);
        menu_action(Action::TogglePlots, show_plots_);
        menu_action(Action::ToggleInspectors, show_inspectors_);
        menu_action(Action::FocusSearch);
        ImGui::Separator();
        menu_action(Action::TextLarger, false, fonts_.size() < UserSettings::kMaxText);
        menu_action(Action::TextSmaller, false, fonts_.size() > UserSettings::kMinText);
        menu_action(Action::ToggleTheme, light_);
        menu_action(Action::TogglePresentation, presentation_);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu((std::string(tr(S::MenuLanguage)) + "###lang").c_str())) {
        if (ImGui::MenuItem("English", nullptr, !chinese())) set_language(Lang::En);
        if (ImGui::MenuItem("中文", nullptr, chinese())) set_language(Lang::Zh);
        menu_action(Action::ToggleLanguage);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu((std::string(tr(S::MenuHelp)) + "###help").c_str())) {
        menu_action(Action::ToggleHelp, show_help_);
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

void App::draw_legend() {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    const Theme& th = theme();
    ImGui::AlignTextToFramePadding();
    auto chip = [&](ImU32 col, const char* label, float h_frac = 0.8f) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = fs * h_frac, y = p.y + (ImGui::GetFrameHeight() - h) * 0.5f;
        dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + fs, y + h), col, 2.0f);
        ImGui::Dummy(ImVec2(fs, ImGui::GetFrameHeight()));
        ImGui::SameLine(0, 4);
        ImGui::TextUnformatted(label);
        ImGui::SameLine(0, fs * 0.7f);
    };
    for (int s : { 2, 1, 3, 0 }) chip(state_color(s), tr_task_state(s));
    ImGui::SameLine(0, fs * 0.4f);
    for (int m : { 1, 2, 3, 4 }) chip(mode_color(m), tr_cpu_mode(m), 0.45f);
    ImGui::SameLine(0, fs * 0.4f);
    {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float y = p.y + ImGui::GetFrameHeight() * 0.5f;
        dl->AddLine(ImVec2(p.x, y), ImVec2(p.x + fs * 1.2f, y), th.flow, 2.5f);
        dl->AddTriangleFilled(ImVec2(p.x + fs * 1.4f, y), ImVec2(p.x + fs * 0.9f, y - 5), ImVec2(p.x + fs * 0.9f, y + 5), th.flow);
        ImGui::Dummy(ImVec2(fs * 1.4f, ImGui::GetFrameHeight()));
        ImGui::SameLine(0, 4);
        ImGui::TextUnformatted(tr(S::WakeupFrom));
    }
}

void App::draw_windows() {
    if (doc_) {
        const uint32_t clicked = events_.draw(*doc_, pb_.position(), tl_.selected_record, show_events_, focus_search_);
        focus_search_ = false;
        if (clicked != UINT32_MAX) select_record(clicked);
        stats_.draw(*doc_, tl_.has_range(), tl_.has_range() ? tl_.range_t0() : 0, tl_.has_range() ? tl_.range_t1() : 0, show_stats_);
        plots_.draw(*doc_, tl_.view(), pb_.playhead_ns(), show_plots_);
    }
    const BrowserRequest req = browser_.draw(show_browser_, doc_ ? doc_->source : std::string());
    if (!req.open.empty()) pending_open_ = req.open;
    if (!req.sweep.empty()) { plots_.open_sweep(req.sweep); show_plots_ = true; }
    draw_help_overlay(show_help_);
}

} // namespace ioscope::gui

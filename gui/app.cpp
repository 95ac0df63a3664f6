// app.cpp — see the header.
//
//  [SECTION] Document and playhead
//  [SECTION] Frame and layout
//  [SECTION] Keyboard
//  [SECTION] Menu, legend, help
#include "app.h"

#include "details_panel.h"
#include "i18n.h"
#include "record_text.h"
#include "theme.h"
#include "transport.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace ioscope::gui {

//-----------------------------------------------------------------------------
// [SECTION] Document and playhead
//-----------------------------------------------------------------------------

App::App(Fonts& fonts) : fonts_(fonts) {
    bar_.refresh_bundled();
    for (const std::string& s : bar_.all_texts()) fonts_.add_text(s);
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
        bar_.set_errors(lo.errors);
        status_ = std::string(tr(S::OpenFailed)) + ": " + src;
        return;
    }
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s %s (%.0f ms)", tr(S::Loaded), lo.doc->name.c_str(), lo.doc->load_ms);
    set_document(std::move(lo.doc));
    status_ = buf;
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

    draw_menu();
    const float W = io.DisplaySize.x, H = io.DisplaySize.y;
    const float fs = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float menu_h = ImGui::GetFrameHeight();
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

    // Heights: the scenario bar grows for errors and the explanation; the rest is fixed.
    const std::string narration = narration_at();
    float bar_h = style.WindowPadding.y * 2 + ImGui::GetFrameHeightWithSpacing() + line * 4;
    const float status_h = line + style.WindowPadding.y * 2;
    const float transport_h = ImGui::GetFrameHeightWithSpacing() * 2 + style.WindowPadding.y * 2;
    bar_h = std::min(bar_h + (doc_ ? 0.0f : line), H * 0.4f);

    ImGui::SetNextWindowPos(ImVec2(0, menu_h));
    ImGui::SetNextWindowSize(ImVec2(W, bar_h));
    if (ImGui::Begin("##scenario", nullptr, fixed | ImGuiWindowFlags_NoTitleBar)) {
        const std::string req = bar_.draw(doc_.get(), narration);
        if (!req.empty()) pending_open_ = req;
    }
    ImGui::End();

    const float top = menu_h + bar_h;
    const float mid_h = std::max(100.0f, H - top - transport_h - status_h);
    const float details_w = std::clamp(W * 0.31f, std::min(380.0f, W * 0.5f), 600.0f);

    // The timeline gets the upper part of the left column; the inspector area (narration and
    // kernel objects, gui/inspect_panels) the lower part.
    const float tl_h = std::max(80.0f, mid_h * 0.3f);
    insp_.draw(doc_.get(), pb_, ImVec2(0, top + tl_h), ImVec2(W - details_w, mid_h - tl_h));
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
    if (ImGui::Begin(det_title.c_str(), nullptr, fixed)) {
        if (doc_) {
            uint32_t rec = UINT32_MAX;
            DetailsSource src = DetailsSource::Playhead;
            if (hovered_ != UINT32_MAX) { rec = hovered_; src = DetailsSource::Hovered; }
            else if (tl_.selected_record != UINT32_MAX) { rec = tl_.selected_record; src = DetailsSource::Selected; }
            else if (pb_.position() > 0) { rec = uint32_t(pb_.position() - 1); }
            draw_details(*doc_, rec, src);
        }
    }
    ImGui::End();

    ImGui::SetNextWindowPos(ImVec2(0, top + mid_h));
    ImGui::SetNextWindowSize(ImVec2(W, transport_h));
    if (ImGui::Begin("##transport", nullptr, fixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar)) {
        TransportResult tr_res = draw_transport(pb_, tl_.following);
        if (tr_res.moved) {
            sync_playhead();
            tl_.set_view(keep_in_view(tl_.view(), pb_.playhead_ns(), 0.05, 0.95));
        }
    }
    ImGui::End();

    ImGui::SetNextWindowPos(ImVec2(0, H - status_h));
    ImGui::SetNextWindowSize(ImVec2(W, status_h));
    if (ImGui::Begin("##status", nullptr, fixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar)) {
        std::string s;
        if (doc_) {
            char buf[256];
            std::snprintf(buf, sizeof buf, "%s  |  %s %zu  |  %s %zu  |  %s %zu  |  %s", doc_->name.c_str(), tr(S::Records),
                          doc_->trace->size(), tr(S::Cpus), doc_->model.cpus.size(), tr(S::Tasks), doc_->model.tasks.size(),
                          duration_text(doc_->trace->end_ns()).c_str());
            s = buf;
        }
        if (!status_.empty()) s += (s.empty() ? "" : "  |  ") + status_;
        if (!fonts_.has_cjk()) s += std::string("  |  ") + tr(S::NoCjkFont, Lang::En);
        ImGui::TextUnformatted(s.c_str());
        char fps[64];
        std::snprintf(fps, sizeof fps, "%.1f %s", frame_ms_, tr(S::FrameMs));
        ImGui::SameLine(std::max(0.0f, W - ImGui::CalcTextSize(fps).x - style.WindowPadding.x * 2));
        ImGui::TextDisabled("%s", fps);
    }
    ImGui::End();

    draw_help();
    (void)fs;
}

//-----------------------------------------------------------------------------
// [SECTION] Keyboard
//-----------------------------------------------------------------------------
// Named keys through ImGuiKey_*; letters through the typed characters, so W/A/S/D/F follow the
// keyboard layout and never depend on a backend's key codes (ImGui 1.86 has no ImGuiKey_W).

void App::handle_keys() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || !doc_) return;
    auto pressed = [](ImGuiKey k, bool repeat = false) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), repeat); };
    bool moved = false;
    if (pressed(ImGuiKey_Space)) { pb_.toggle(); if (pb_.playing()) tl_.following = true; }
    if (pressed(ImGuiKey_RightArrow, true)) { pb_.pause(); pb_.step(1); moved = true; }
    if (pressed(ImGuiKey_LeftArrow, true)) { pb_.pause(); pb_.step(-1); moved = true; }
    if (pressed(ImGuiKey_Home)) { pb_.pause(); pb_.seek(0); moved = true; }
    if (pressed(ImGuiKey_End)) { pb_.pause(); pb_.seek(doc_->trace->size()); moved = true; }
    if (pressed(ImGuiKey_Escape)) { tl_.selected_record = UINT32_MAX; tl_.selected_task = 0; show_help_ = false; }
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        switch (io.InputQueueCharacters[i]) {
        case 'f': case 'F': tl_.fit(); break;
        case 'w': case 'W': tl_.zoom_center(0.8); break;
        case 's': case 'S': tl_.zoom_center(1.25); break;
        case 'a': case 'A': tl_.pan_fraction(-0.15); break;
        case 'd': case 'D': tl_.pan_fraction(0.15); break;
        case '[': pb_.set_speed_index(pb_.speed_index() - 1); break;
        case ']': pb_.set_speed_index(pb_.speed_index() + 1); break;
        case '?': show_help_ = !show_help_; break;
        default: break;
        }
    }
    if (moved) {
        sync_playhead();
        tl_.set_view(keep_in_view(tl_.view(), pb_.playhead_ns(), 0.05, 0.95));
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Menu, legend, help
//-----------------------------------------------------------------------------

void App::draw_menu() {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu((std::string(tr(S::MenuFile)) + "###file").c_str())) {
        if (ImGui::MenuItem(tr(S::MenuOpen))) bar_.focus_path();
        if (ImGui::MenuItem(tr(S::Reload), nullptr, false, doc_ != nullptr)) pending_open_ = doc_->source;
        ImGui::Separator();
        if (ImGui::MenuItem(tr(S::MenuQuit))) quit_ = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu((std::string(tr(S::MenuView)) + "###view").c_str())) {
        if (ImGui::MenuItem(tr(S::MenuFit), "F")) tl_.fit();
        ImGui::MenuItem(tr(S::MenuShowAllFlows), nullptr, &tl_.show_all_flows);
        ImGui::MenuItem(tr(S::MenuFollowPlayhead), nullptr, &tl_.following);
        ImGui::Separator();
        if (ImGui::MenuItem(tr(S::MenuTextLarger), nullptr, false, fonts_.size() < 40)) fonts_.set_size(fonts_.size() + 2);
        if (ImGui::MenuItem(tr(S::MenuTextSmaller), nullptr, false, fonts_.size() > 12)) fonts_.set_size(fonts_.size() - 2);
        if (ImGui::MenuItem(tr(S::MenuThemeLight), nullptr, &light_)) set_theme(light_);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu((std::string(tr(S::MenuLanguage)) + "###lang").c_str())) {
        if (ImGui::MenuItem("English", nullptr, !chinese())) set_language(Lang::En);
        if (ImGui::MenuItem("中文", nullptr, chinese())) set_language(Lang::Zh);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu((std::string(tr(S::MenuHelp)) + "###help").c_str())) {
        if (ImGui::MenuItem(tr(S::MenuKeys), "?")) show_help_ = true;
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

void App::draw_help() {
    if (!show_help_) return;
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 30, 0));
    const std::string title = std::string(tr(S::MenuKeys)) + "###keys";
    if (ImGui::Begin(title.c_str(), &show_help_, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        static const char* rows[][2] = {
            { "Space", "play / pause" }, { "Left / Right", "step back / forward one record" },
            { "Home / End", "first / last record" }, { "[ / ]", "slower / faster" },
            { "Mouse wheel", "zoom about the cursor (Ctrl fine, Shift coarse)" },
            { "Drag (left or right)", "pan in time, scroll lanes" }, { "W / S", "zoom in / out" },
            { "A / D", "pan left / right" }, { "F, double-click", "fit the whole trace" },
            { "Click ruler", "move the playhead there" }, { "Click item", "select it (details panel)" },
            { "Click folded block", "zoom to it" }, { "Esc", "clear selection" },
        };
        if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_RowBg)) {
            for (const auto& r : rows) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextUnformatted(r[0]);
                ImGui::TableSetColumnIndex(1);
                ImGui::TextUnformatted(r[1]);
            }
            ImGui::EndTable();
        }
    }
    ImGui::End();
}

} // namespace ioscope::gui

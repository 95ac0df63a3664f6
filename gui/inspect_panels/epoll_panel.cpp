// epoll_panel.cpp — the red-black tree (nodes red/black, eased from the previous layout to the
// new one so rotations are seen moving), rdllist and ovflist as linked boxes, ep->wq waiters.
#include "panels.h"
#include "panel_util.h"

#include "gui/record_labels.h"
#include "gui/theme.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace ioscope::gui {

namespace {

constexpr double kAnimSeconds = 0.45;

bool same_layout(const std::vector<RbNodeView>& a, const std::vector<RbNodeView>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].item != b[i].item || a[i].x != b[i].x || a[i].y != b[i].y) return false;
    return true;
}

void list_row(const char* title, const std::vector<ListBoxView>& l) {
    ImGui::TextDisabled("%s", title);
    ImGui::SameLine();
    ImGui::TextUnformatted("head");
    if (l.empty()) { ImGui::SameLine(); ImGui::TextDisabled("%s", tr(SI::EpEmptyList)); return; }
    // A long list (a burst of readiness): the first boxes, the changed one, and a count.
    constexpr size_t kShown = 24;
    size_t i = 0;
    for (const ListBoxView& b : l) {
        if (i++ >= kShown && !b.highlight) continue;
        ImGui::SameLine();
        ImGui::TextUnformatted("<->");
        ImGui::SameLine();
        panel::box("fd " + std::to_string(b.fd), IM_COL32(150, 90, 190, 255), b.highlight);
    }
    if (l.size() > kShown) { ImGui::SameLine(); ImGui::TextDisabled("... (%zu)", l.size()); }
}

// A rotation's direction drawn around its pivot: an arc with an arrowhead, clockwise for a right
// rotation (the left child comes up), anticlockwise for a left one. Screen y grows downwards, so
// a growing angle turns clockwise.
void rotation_arrow(ImDrawList* dl, ImVec2 c, float radius, bool clockwise, ImU32 col) {
    constexpr float kPi = 3.14159265f;
    const float a0 = -kPi * 0.5f, sweep = kPi * 1.35f;
    const float a1 = clockwise ? a0 + sweep : a0 - sweep;
    dl->PathArcTo(c, radius, a0, a1, 24);
    dl->PathStroke(col, 0, 2.5f);
    const ImVec2 tip(c.x + radius * std::cos(a1), c.y + radius * std::sin(a1));
    const float s = clockwise ? 1.0f : -1.0f;
    const ImVec2 dir(-std::sin(a1) * s, std::cos(a1) * s);   // along the arc at its end
    const ImVec2 nrm(-dir.y, dir.x);
    const float h = radius * 0.45f;
    dl->AddTriangleFilled(ImVec2(tip.x + dir.x * h * 0.6f, tip.y + dir.y * h * 0.6f),
                          ImVec2(tip.x - dir.x * h * 0.4f + nrm.x * h * 0.45f, tip.y - dir.y * h * 0.4f + nrm.y * h * 0.45f),
                          ImVec2(tip.x - dir.x * h * 0.4f - nrm.x * h * 0.45f, tip.y - dir.y * h * 0.4f - nrm.y * h * 0.45f), col);
}

} // namespace

void EpollPanel::draw(const EpollView& v, double now_s) {
    animating_ = false;
    if (!v.valid) { panel::empty(SI::EpNone); return; }
    const float fs = ImGui::GetFontSize();
    ImGui::Text("%s  (%s)   %s: %llu", v.name.c_str(), v.owner_name.c_str(), tr(SI::EpRotations), (unsigned long long)v.rotations);
    if (!v.by.empty()) {
        ImGui::SameLine();
        // Rebalancing steps name their case ("rb_insert_color case 3"), the rest their function.
        const std::string by = v.step != ioscope::RbStep::None ? rb_step_text(int(v.step)) : v.by;
        std::string c = std::string(ioscope::kind_name(v.change)) + (v.change_fd >= 0 ? " fd " + std::to_string(v.change_fd) : "") + "  " + tr(SI::EpBy) + " " + by;
        if (v.rotate_dir >= 0) c += std::string("  (") + tr(v.rotate_dir ? SI::EpRight : SI::EpLeft) + ")";
        if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(c.c_str()).x + fs) ImGui::NewLine();
        panel::chip(c, panel::highlight());
    }
    // A big tree: the model gives only the subtree around the change (epoll_model.h), noted.
    const bool partial = v.partial;
    const std::vector<RbNodeView>& target = v.nodes;
    std::unordered_map<uint32_t, size_t> cut;          // shown node -> nodes folded below it
    for (const EpollView::Cut& c : v.cut) cut[c.item] = c.hidden;
    // Animation state: a new layout starts easing from wherever the nodes are drawn now.
    Anim& an = anims_[v.ep];
    if (!same_layout(an.to, target)) {
        const float t = an.start < 0 ? 1.0f : float((now_s - an.start) / kAnimSeconds);
        an.from = an.to.empty() ? target : interpolate_layout(an.from, an.to, t);
        an.to = target;
        an.start = now_s;
    }
    const float t = float((now_s - an.start) / kAnimSeconds);
    animating_ = t < 1.0f;
    const std::vector<RbNodeView> nodes = animating_ ? interpolate_layout(an.from, target, t) : target;

    panel::heading(tr(SI::EpTree));
    if (partial)
        panel::note(trf(SI::EpSubtree, { std::to_string(v.nodes.size()), std::to_string(v.tree_nodes), std::to_string(v.anchor_fd),
                                         std::to_string(v.anchor_depth), std::to_string(v.tree_nodes - v.nodes.size()) }).c_str());
    int depth = 0;
    for (const auto& n : target) depth = std::max(depth, n.depth);
    const float avail = ImGui::GetContentRegionAvail().x;
    const size_t count = std::max<size_t>(1, target.size());
    const float r = std::clamp(avail / float(count * 2.4f), fs * 0.55f, fs * 0.85f);
    const float dx = std::max(r * 2.3f, avail / float(count + 1));
    const float dy = r * 2.2f;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Only what is inside the visible part of the panel is drawn.
    const ImVec2 clip0 = dl->GetClipRectMin(), clip1 = dl->GetClipRectMax();
    auto visible = [&](ImVec2 a, ImVec2 b) {
        return std::max(a.x, b.x) + r >= clip0.x && std::min(a.x, b.x) - r <= clip1.x && std::max(a.y, b.y) + r >= clip0.y &&
               std::min(a.y, b.y) - r <= clip1.y;
    };
    std::unordered_map<uint32_t, ImVec2> pos;
    pos.reserve(nodes.size());
    for (const auto& n : nodes) pos[n.item] = ImVec2(o.x + dx * (n.x + 0.7f), o.y + r + 4 + dy * n.y);
    for (const auto& n : nodes) {
        auto p = pos.find(n.parent);
        if (n.parent && p != pos.end() && visible(p->second, pos[n.item])) dl->AddLine(p->second, pos[n.item], theme().text_dim, 2.0f);
    }
    // A black node: dark grey with a light ring and white text, readable on the dark, light and
    // high-contrast backgrounds alike (pure black vanished on the dark ones).
    const ImU32 black_fill = IM_COL32(70, 70, 78, 255);
    const ImU32 black_ring = theme().light ? IM_COL32(20, 20, 24, 255) : IM_COL32(235, 235, 240, 255);
    for (const auto& n : nodes) {
        const ImVec2 c = pos[n.item];
        // Children hidden below: a stub with the number of nodes folded into it.
        if (auto k = cut.find(n.item); k != cut.end() && visible(c, ImVec2(c.x, c.y + r + dy * 0.35f + fs))) {
            dl->AddLine(ImVec2(c.x, c.y + r), ImVec2(c.x, c.y + r + dy * 0.35f), theme().text_dim, 2.0f);
            const std::string folded = "+" + std::to_string(k->second);
            const float w = ImGui::CalcTextSize(folded.c_str()).x;
            dl->AddText(ImVec2(c.x - w * 0.5f, c.y + r + dy * 0.35f), theme().text_dim, folded.c_str());
        }
        if (!visible(c, c)) continue;
        if (n.highlight) { dl->AddCircleFilled(c, r + 6, panel::highlight()); panel::reveal(ImVec2(c.x - r - 6, c.y - r - 6), ImVec2(c.x + r + 6, c.y + r + 6)); }
        if (n.red) {
            dl->AddCircleFilled(c, r, IM_COL32(210, 50, 50, 255));
            dl->AddCircle(c, r, IM_COL32(255, 220, 220, 255), 0, 1.5f);
        } else {
            dl->AddCircleFilled(c, r, black_fill);
            dl->AddCircle(c, r, black_ring, 0, 2.5f);
        }
        // A rotation: its direction around the pivot, and a ring on the node that came up into the
        // pivot's place (an erase: on the successor that took the erased node's place).
        if (n.highlight && v.rotate_dir >= 0) rotation_arrow(dl, c, r + 11, v.rotate_dir == 1, panel::highlight());
        if (n.came_up) dl->AddCircle(c, r + 5, panel::highlight(), 0, 3.0f);
        const std::string t = std::to_string(n.fd);
        const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
        dl->AddText(ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f), IM_COL32(255, 255, 255, 255), t.c_str());
    }
    ImGui::Dummy(ImVec2(std::max(avail, dx * (float(count) + 0.7f) + r), target.empty() ? fs : dy * float(depth) + 2 * r + 10 + (v.cut.empty() ? 0.0f : dy * 0.35f + fs)));

    panel::heading(tr(SI::EpReady));
    list_row("rdllist", v.rdllist);
    list_row("ovflist", v.ovflist);
    panel::heading(tr(SI::EpWaiters));
    if (v.waiters.empty()) ImGui::TextDisabled("%s", tr(SI::EpEmptyList));
    for (const auto& w : v.waiters) {
        panel::box(w.task_name + " | " + w.func + (w.exclusive ? std::string(" | ") + tr(S::Exclusive) : ""), IM_COL32(70, 120, 200, 255), w.added);
        ImGui::SameLine();
    }
    ImGui::NewLine();
}

} // namespace ioscope::gui

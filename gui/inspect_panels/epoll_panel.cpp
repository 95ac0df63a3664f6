// epoll_panel.cpp — the red-black tree (nodes red/black, eased from the previous layout to the
// new one so rotations are seen moving), rdllist and ovflist as linked boxes, ep->wq waiters.
#include "panels.h"
#include "panel_util.h"

#include "gui/theme.h"

#include <algorithm>
#include <cmath>
#include <map>

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
    for (const ListBoxView& b : l) {
        ImGui::SameLine();
        ImGui::TextUnformatted("<->");
        ImGui::SameLine();
        panel::box("fd " + std::to_string(b.fd), IM_COL32(150, 90, 190, 255), b.highlight);
    }
}

} // namespace

void EpollPanel::draw(const EpollView& v, double now_s) {
    animating_ = false;
    if (!v.valid) { panel::empty(SI::EpNone); return; }
    const float fs = ImGui::GetFontSize();
    ImGui::Text("%s  (%s)   %s: %llu", v.name.c_str(), v.owner_name.c_str(), tr(SI::EpRotations), (unsigned long long)v.rotations);
    if (!v.by.empty()) {
        ImGui::SameLine();
        std::string c = std::string(ioscope::kind_name(v.change)) + (v.change_fd >= 0 ? " fd " + std::to_string(v.change_fd) : "") + "  " + tr(SI::EpBy) + " " + v.by;
        if (v.rotate_dir >= 0) c += std::string("  (") + tr(v.rotate_dir ? SI::EpRight : SI::EpLeft) + ")";
        panel::chip(c, panel::highlight());
    }
    // Animation state: a new layout starts easing from wherever the nodes are drawn now.
    Anim& an = anims_[v.ep];
    if (!same_layout(an.to, v.nodes)) {
        const float t = an.start < 0 ? 1.0f : float((now_s - an.start) / kAnimSeconds);
        an.from = an.to.empty() ? v.nodes : interpolate_layout(an.from, an.to, t);
        an.to = v.nodes;
        an.start = now_s;
    }
    const float t = float((now_s - an.start) / kAnimSeconds);
    animating_ = t < 1.0f;
    const std::vector<RbNodeView> nodes = interpolate_layout(an.from, v.nodes, t);

    panel::heading(tr(SI::EpTree));
    int depth = 0;
    for (const auto& n : v.nodes) depth = std::max(depth, n.depth);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float r = std::clamp(avail / float(std::max<size_t>(1, v.nodes.size()) * 2.4f), fs * 0.55f, fs * 0.85f);
    const float dx = std::max(r * 2.3f, avail / float(std::max<size_t>(1, v.nodes.size()) + 1));
    const float dy = r * 2.2f;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    std::map<uint32_t, ImVec2> pos;
    for (const auto& n : nodes) pos[n.item] = ImVec2(o.x + dx * (n.x + 0.7f), o.y + r + 4 + dy * n.y);
    for (const auto& n : nodes)
        if (n.parent && pos.count(n.parent)) dl->AddLine(pos[n.parent], pos[n.item], theme().text_dim, 2.0f);
    for (const auto& n : nodes) {
        const ImVec2 c = pos[n.item];
        const ImU32 fill = n.red ? IM_COL32(210, 50, 50, 255) : IM_COL32(25, 25, 28, 255);
        if (n.highlight) dl->AddCircleFilled(c, r + 6, panel::highlight());
        dl->AddCircleFilled(c, r, fill);
        dl->AddCircle(c, r, IM_COL32(200, 200, 200, 255), 0, 1.5f);
        const std::string t = std::to_string(n.fd);
        const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
        dl->AddText(ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f), IM_COL32(255, 255, 255, 255), t.c_str());
    }
    ImGui::Dummy(ImVec2(avail, v.nodes.empty() ? fs : dy * float(depth) + 2 * r + 10));

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

// select_panel.cpp — the user's fd_sets and the kernel's six bitmaps as bit grids, with the scan
// cursor column, copy-in/copy-out arrows with byte counts and the FD_SETSIZE (1024) boundary.
#include "panels.h"
#include "panel_util.h"

#include "gui/theme.h"

#include <algorithm>

namespace ioscope::gui {

namespace {

struct GridGeom { float label_w, cell, x0; int per_row, shown; };

// One bitmap as rows of cells. fd >= n is dimmed (not scanned); the cursor column is amber.
void grid(const char* label, const BitMap& m, const SelectView& v, const GridGeom& g, ImU32 on, bool hl_word_map) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float fs = ImGui::GetFontSize();
    dl->AddText(ImVec2(p.x, p.y + (g.cell - fs) * 0.5f), m.present ? theme().text : theme().text_dim, label);
    const int rows = (g.shown + g.per_row - 1) / g.per_row;
    for (int fd = 0; fd < g.shown; ++fd) {
        const int row = fd / g.per_row, col = fd % g.per_row;
        const ImVec2 a(g.x0 + col * g.cell, p.y + row * g.cell);
        const ImVec2 b(a.x + g.cell - 2, a.y + g.cell - 2);
        ImU32 fill = fd < v.n ? panel::box_fill() : with_alpha(panel::box_fill(), 0.35f);
        if (m.present && m.test(fd)) fill = on;
        dl->AddRectFilled(a, b, fill, 2.0f);
        // Already scanned in this pass: a small tick under the cell.
        if (v.scan_fd >= 0 && fd < v.scan_fd && m.present && m.test(fd) && label[0] != 'r')
            dl->AddLine(ImVec2(a.x + 2, b.y - 2), ImVec2(b.x - 2, b.y - 2), theme().text, 2.0f);
        if (fd == v.scan_fd) dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), panel::highlight(), 2.0f, 0, 3.0f);
        if (hl_word_map && v.word_index == fd / 64) dl->AddLine(ImVec2(a.x, b.y + 1), ImVec2(b.x, b.y + 1), panel::highlight(), 2.0f);
        if (fd == kFdSetSize) dl->AddLine(ImVec2(a.x - 2, a.y - 2), ImVec2(a.x - 2, b.y + 2), IM_COL32(230, 60, 60, 255), 3.0f);
    }
    if (!m.present)
        dl->AddText(ImVec2(g.x0 + 4, p.y + (g.cell - fs) * 0.5f), theme().text, tr(SI::SelNotCopied));
    ImGui::Dummy(ImVec2(g.label_w + g.per_row * g.cell, rows * g.cell + 2));
}

} // namespace

void draw_select_panel(const SelectView& v) {
    if (!v.valid) { panel::empty(SI::NothingHere); return; }
    const float fs = ImGui::GetFontSize();
    ImGui::Text("%s %s   n = %lld   FDS_BYTES(n) = %lld", tr(SI::SelFollows), v.task_name.c_str(), (long long)v.n, (long long)v.bytes);
    if (!v.in_call) { ImGui::SameLine(); ImGui::TextDisabled("(%s)", tr(SI::SelNotInCall)); }
    if (v.scan_fd >= 0) {
        ImGui::SameLine();
        std::string c = std::string(tr(SI::SelCursor)) + " " + std::to_string(v.scan_fd) + "  (" + tr(SI::SelPass) + " " + std::to_string(v.scan_pass) + ")";
        if (v.poll_mask >= 0) c += "  " + poll_events_text(uint32_t(v.poll_mask));
        panel::chip(c, panel::highlight());
    }
    GridGeom g;
    g.label_w = fs * 7.5f;
    const float avail = ImGui::GetContentRegionAvail().x - g.label_w - 8;
    // A small n shows its bits large (up to the next multiple of 8, at least 16); beyond 64 bits
    // whole 64-bit words, 64 per row.
    g.shown = v.n <= 64 ? int(std::max<int64_t>(16, (v.n + 7) / 8 * 8)) : v.nbits;
    g.per_row = std::min(64, g.shown);
    g.cell = std::clamp(avail / float(g.per_row), 7.0f, fs * 1.6f);
    g.x0 = ImGui::GetCursorScreenPos().x + g.label_w;
    // fd numbers every 8 bits.
    {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        for (int fd = 0; fd < g.per_row; fd += g.per_row <= 32 ? 4 : 8)
            ImGui::GetWindowDrawList()->AddText(ImVec2(g.x0 + fd * g.cell, p.y), theme().text_dim, std::to_string(fd).c_str());
        ImGui::Dummy(ImVec2(10, fs));
    }
    static const char* const user_labels[3] = { "readfds", "writefds", "exceptfds" };
    static const SI kmaps[6] = { SI::SelMapIn, SI::SelMapOut, SI::SelMapEx, SI::SelMapResIn, SI::SelMapResOut, SI::SelMapResEx };
    ImGui::TextDisabled("%s", tr(SI::SelUserSets));
    for (int w = 0; w < 3; ++w) {
        if (!v.user[w].present && !((v.copied_in >> w) & 1) && w > 0) continue;   // NULL sets are usually out/ex
        grid(user_labels[w], v.user[w], v, g, v.user_phase[w] == UserSetPhase::Results ? IM_COL32(60, 170, 90, 255) : IM_COL32(70, 130, 220, 255), false);
    }
    // The copy between the two address spaces, with its byte count.
    {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = fs * 1.8f;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const bool now = v.copy_set >= 0;
        const ImU32 col = now ? panel::highlight() : theme().text_dim;
        const float x = g.x0 + fs;
        panel::arrow(dl, ImVec2(x, p.y + 2), ImVec2(x, p.y + h - 2), now && v.copy_in ? col : theme().text_dim, now && v.copy_in ? 3.0f : 1.5f);
        panel::arrow(dl, ImVec2(x + fs * 1.2f, p.y + h - 2), ImVec2(x + fs * 1.2f, p.y + 2), now && !v.copy_in ? col : theme().text_dim, now && !v.copy_in ? 3.0f : 1.5f);
        std::string t = std::string(tr(SI::SelCopyIn)) + "  /  " + tr(SI::SelCopyOut);
        if (now) t = std::string(v.copy_in ? tr(SI::SelCopyIn) : tr(SI::SelCopyOut)) + ": " + user_labels[v.copy_set] + ", " + std::to_string(v.copy_bytes) + " B";
        dl->AddText(ImVec2(x + fs * 2.4f, p.y + (h - fs) * 0.5f), now ? panel::highlight() : theme().text_dim, t.c_str());
        ImGui::Dummy(ImVec2(10, h));
    }
    ImGui::TextDisabled("%s", tr(SI::SelKernelSets));
    for (int m = 0; m < 6; ++m)
        grid(tr(kmaps[m]), v.kernel[m], v, g, m < 3 ? IM_COL32(70, 130, 220, 255) : IM_COL32(60, 170, 90, 255), v.word_map == m);
    if (v.nbits <= kFdSetSize) panel::note(tr(SI::SelBoundary));
    else { ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(230, 90, 90, 255)); ImGui::TextWrapped("| %s", tr(SI::SelBoundary)); ImGui::PopStyleColor(); }
}

} // namespace ioscope::gui

// select_panel.cpp — the user's fd_sets and the kernel's six bitmaps as bit grids, with the scan
// cursor column, copy-in/copy-out arrows with byte counts and the FD_SETSIZE (1024) boundary.
#include "panels.h"
#include "panel_util.h"

#include "gui/theme.h"

#include <algorithm>
#include <cmath>

namespace ioscope::gui {

namespace {

struct GridGeom { float label_w, cell, x0; int per_row, shown; bool label_above; };

// One bitmap as rows of cells at the cursor (x0 = where the cells start). fd >= n is dimmed
// (not scanned); the scan cursor cell has an amber frame and is scrolled into view.
void grid(const char* label, const BitMap& m, const SelectView& v, const GridGeom& g, ImU32 on, bool hl_word_map, bool is_result) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    const float fs = ImGui::GetFontSize();
    const float label_h = g.label_above ? ImGui::GetTextLineHeight() : 0.0f;
    dl->AddText(ImVec2(p.x, g.label_above ? p.y : p.y + (g.cell - fs) * 0.5f), m.present ? theme().text : theme().text_dim, label);
    p.y += label_h;
    const float x0 = g.label_above ? p.x : (g.x0 < 0 ? p.x + g.label_w : g.x0);
    const int rows = (g.shown + g.per_row - 1) / g.per_row;
    const float gap = g.cell >= 10 ? 2.0f : 1.0f;
    for (int fd = 0; fd < g.shown; ++fd) {
        const int row = fd / g.per_row, col = fd % g.per_row;
        const ImVec2 a(x0 + col * g.cell, p.y + row * g.cell);
        const ImVec2 b(a.x + g.cell - gap, a.y + g.cell - gap);
        ImU32 fill = fd < v.n ? panel::box_fill() : with_alpha(panel::box_fill(), 0.35f);
        if (m.present && m.test(fd)) fill = on;
        dl->AddRectFilled(a, b, fill, g.cell >= 10 ? 2.0f : 0.0f);
        // Already scanned in this pass: a small tick under the cell.
        if (v.scan_fd >= 0 && fd < v.scan_fd && m.present && m.test(fd) && !is_result)
            dl->AddLine(ImVec2(a.x + 1, b.y - 2), ImVec2(b.x - 1, b.y - 2), theme().text, 2.0f);
        if (fd == v.scan_fd) {
            dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), panel::highlight(), 2.0f, 0, 3.0f);
            panel::reveal(ImVec2(a.x, a.y - label_h - fs), ImVec2(b.x, b.y + 4));
        }
        if (hl_word_map && v.word_index == fd / 64) dl->AddLine(ImVec2(a.x, b.y + 1), ImVec2(b.x, b.y + 1), panel::highlight(), 2.0f);
        if (fd == kFdSetSize) dl->AddLine(ImVec2(a.x - 2, a.y - 2), ImVec2(a.x - 2, b.y + 2), IM_COL32(230, 60, 60, 255), 3.0f);
    }
    if (!m.present) {
        const ImVec2 c1(x0 + g.per_row * g.cell, p.y + g.cell);
        dl->PushClipRect(ImVec2(x0, p.y), c1, true);
        dl->AddText(ImVec2(x0 + 4, p.y + (g.cell - fs) * 0.5f), theme().text, tr(SI::SelNotCopied));
        dl->PopClipRect();
        if (ImGui::IsMouseHoveringRect(ImVec2(x0, p.y), c1)) ImGui::SetTooltip("%s", tr(SI::SelNotCopied));
    }
    ImGui::Dummy(ImVec2((g.label_above ? 0 : g.label_w) + g.per_row * g.cell, label_h + rows * g.cell + 2));
}

// Up to three bitmaps side by side, each in a column `col_w` wide (small sets: the six kernel
// maps then fit in two rows next to the user's sets on a 1280x800 screen).
void grid_row(const char* const labels[3], const BitMap* const maps[3], const ImU32 on[3], const SelectView& v, const GridGeom& g,
              float col_w, int word_map_base, bool is_result) {
    const float x = ImGui::GetCursorPosX();
    for (int k = 0; k < 3; ++k) {
        if (!maps[k]) continue;
        if (k > 0) ImGui::SameLine(x + col_w * float(k));
        ImGui::BeginGroup();
        grid(labels[k], *maps[k], v, g, on[k], v.word_map == word_map_base + k, is_result);
        ImGui::EndGroup();
    }
}

// The copy between the two address spaces, with its byte count.
void copy_arrows(const SelectView& v, const char* const user_labels[3], float x) {
    const float fs = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = fs * 1.5f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool now = v.copy_set >= 0;
    const ImU32 col = now ? panel::highlight() : theme().text_dim;
    panel::arrow(dl, ImVec2(x, p.y + 2), ImVec2(x, p.y + h - 2), now && v.copy_in ? col : theme().text_dim, now && v.copy_in ? 3.0f : 1.5f);
    panel::arrow(dl, ImVec2(x + fs * 1.2f, p.y + h - 2), ImVec2(x + fs * 1.2f, p.y + 2), now && !v.copy_in ? col : theme().text_dim, now && !v.copy_in ? 3.0f : 1.5f);
    std::string t = std::string(tr(SI::SelCopyIn)) + "  /  " + tr(SI::SelCopyOut);
    if (now) t = std::string(v.copy_in ? tr(SI::SelCopyIn) : tr(SI::SelCopyOut)) + ": " + user_labels[v.copy_set] + ", " + std::to_string(v.copy_bytes) + " B";
    dl->AddText(ImVec2(x + fs * 2.4f, p.y + (h - fs) * 0.5f), now ? panel::highlight() : theme().text_dim, t.c_str());
    ImGui::Dummy(ImVec2(10, h));
    if (now) panel::reveal(p, ImVec2(p.x + 10, p.y + h));
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
        if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(c.c_str()).x + fs) ImGui::NewLine();
        panel::chip(c, panel::highlight());
    }
    static const char* const user_labels[3] = { "readfds", "writefds", "exceptfds" };
    static const SI kmaps[6] = { SI::SelMapIn, SI::SelMapOut, SI::SelMapEx, SI::SelMapResIn, SI::SelMapResOut, SI::SelMapResEx };
    const ImU32 blue = IM_COL32(70, 130, 220, 255), green = IM_COL32(60, 170, 90, 255);
    const float avail_w = ImGui::GetContentRegionAvail().x;
    GridGeom g {};
    // A small n shows its bits up to the next multiple of 8 (at least 16). Such sets are drawn
    // compactly: three maps side by side, labels above. Beyond 64 bits: whole 64-bit words, 64
    // per row, one map under the other with its label on the left.
    const bool compact = v.n <= 64;
    g.shown = compact ? int(std::max<int64_t>(16, (v.n + 7) / 8 * 8)) : v.nbits;
    g.per_row = std::min(64, g.shown);
    if (compact) {
        const float col_w = std::floor((avail_w - 8) / 3.0f);
        // Labels on the left of each grid, in a narrow column: one text line per map row.
        g.label_above = false;
        g.label_w = ImGui::CalcTextSize("exceptfds ").x;
        for (int m = 0; m < 6; ++m) g.label_w = std::max(g.label_w, ImGui::CalcTextSize(tr(kmaps[m])).x + fs * 0.4f);
        g.cell = std::clamp((col_w - g.label_w - fs * 0.5f) / float(g.per_row), 5.0f, fs * 1.1f);
        g.x0 = -1;                         // relative: cells start label_w right of the cursor
        // fd numbers over the first column; the "user space" heading beside them (one line).
        {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            for (int fd = 0; fd < g.per_row; fd += g.per_row <= 16 ? 4 : 8)
                ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + g.label_w + fd * g.cell, p.y), theme().text_dim, std::to_string(fd).c_str());
            ImGui::SetCursorScreenPos(ImVec2(p.x + col_w, p.y));
            ImGui::TextDisabled("%s", tr(SI::SelUserSets));
            ImGui::SetCursorScreenPos(ImVec2(p.x, ImGui::GetCursorScreenPos().y));
        }
        const BitMap* um[3];
        for (int w = 0; w < 3; ++w)
            um[w] = (!v.user[w].present && !((v.copied_in >> w) & 1) && w > 0) ? nullptr : &v.user[w];   // NULL sets
        const ImU32 uon[3] = { v.user_phase[0] == UserSetPhase::Results ? green : blue, v.user_phase[1] == UserSetPhase::Results ? green : blue,
                               v.user_phase[2] == UserSetPhase::Results ? green : blue };
        grid_row(user_labels, um, uon, v, g, col_w, -100, false);
        copy_arrows(v, user_labels, ImGui::GetCursorScreenPos().x + fs);
        ImGui::TextDisabled("%s", tr(SI::SelKernelSets));
        const char* kl[6];
        for (int m = 0; m < 6; ++m) kl[m] = tr(kmaps[m]);
        const BitMap* kin[3] = { &v.kernel[0], &v.kernel[1], &v.kernel[2] };
        const BitMap* kres[3] = { &v.kernel[3], &v.kernel[4], &v.kernel[5] };
        const ImU32 bon[3] = { blue, blue, blue }, gon[3] = { green, green, green };
        grid_row(kl, kin, bon, v, g, col_w, 0, false);
        grid_row(kl + 3, kres, gon, v, g, col_w, 3, true);
    } else {
        g.label_w = fs * 7.5f;
        g.label_above = false;
        const float avail = avail_w - g.label_w - 8;
        g.cell = std::clamp(avail / float(g.per_row), 7.0f, fs * 1.6f);
        g.x0 = ImGui::GetCursorScreenPos().x + g.label_w;
        {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            for (int fd = 0; fd < g.per_row; fd += 8)
                ImGui::GetWindowDrawList()->AddText(ImVec2(g.x0 + fd * g.cell, p.y), theme().text_dim, std::to_string(fd).c_str());
            ImGui::Dummy(ImVec2(10, fs));
        }
        ImGui::TextDisabled("%s", tr(SI::SelUserSets));
        for (int w = 0; w < 3; ++w) {
            if (!v.user[w].present && !((v.copied_in >> w) & 1) && w > 0) continue;   // NULL sets are usually out/ex
            grid(user_labels[w], v.user[w], v, g, v.user_phase[w] == UserSetPhase::Results ? green : blue, false, false);
        }
        copy_arrows(v, user_labels, g.x0 + fs);
        ImGui::TextDisabled("%s", tr(SI::SelKernelSets));
        for (int m = 0; m < 6; ++m) grid(tr(kmaps[m]), v.kernel[m], v, g, m < 3 ? blue : green, v.word_map == m, m >= 3);
    }
    // This task's wait-queue entries (one per polled socket while it sleeps in select).
    if (!v.wq_entries.empty() || !v.wq_removed.empty()) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s:", tr(SI::TabWaitQueues));
        for (const auto& e : v.wq_entries) {
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < fs * 8) ImGui::NewLine();
            panel::box(e.queue + " | " + e.func, IM_COL32(70, 120, 200, 255), e.added_now);
        }
        if (!v.wq_removed.empty()) {
            ImGui::SameLine();
            const panel::Rect rc = panel::box(v.wq_removed, panel::ghost(), true);
            (void)rc;
        }
    }
    if (v.nbits <= kFdSetSize) panel::note(tr(SI::SelBoundary));
    else { ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(230, 90, 90, 255)); ImGui::TextWrapped("| %s", tr(SI::SelBoundary)); ImGui::PopStyleColor(); }
}

} // namespace ioscope::gui

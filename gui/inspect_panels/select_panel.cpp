// select_panel.cpp — the user's fd_sets and the kernel's six bitmaps as bit grids, with the scan
// cursor column, copy-in/copy-out arrows with byte counts and the FD_SETSIZE (1024) boundary.
#include "panels.h"
#include "panel_util.h"

#include "gui/record_labels.h"
#include "gui/theme.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace ioscope::gui {

namespace {

struct GridGeom { float label_w, cell, x0; int per_row, shown; };

// What a grid marks besides its bits: the scan cursor (only on fds.in/out/ex, the maps do_select
// walks), the bit `res |= bit` is setting (result maps), the word an FdSetWord wrote.
struct GridRole { bool scanned; bool result; bool word_written; };

// One bitmap: its label on the left, then rows of per_row cells (wrapping; row starts are fd
// numbers in the label column). fd >= n is dimmed (not scanned). With more than 1024 bits drawn,
// a red line and "FD_SETSIZE" mark where glibc's fd_set ends (fd 1024 starts a row: per_row
// divides 64).
void grid(const char* label, const BitMap& m, const SelectView& v, const GridGeom& g, ImU32 on, GridRole role) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float fs = ImGui::GetFontSize();
    const ImU32 red = IM_COL32(230, 70, 70, 255);
    const float x0 = p.x + g.label_w;    // relative: grids may sit side by side
    const int rows = (g.shown + g.per_row - 1) / g.per_row;
    const float gap = g.cell >= 10 ? 2.0f : 1.0f;
    dl->AddText(ImVec2(p.x, p.y + std::min(0.0f, (g.cell - fs) * 0.5f)), theme().text, label);
    // Row-start fd numbers in the label column, spaced so they never overlap.
    const int every = std::max(1, int(std::ceil((fs + 1) / g.cell)));
    for (int row = every; row < rows; row += every) {
        const int fd = row * g.per_row;
        if (fd == kFdSetSize) continue;
        const std::string t = std::to_string(fd);
        dl->AddText(ImVec2(x0 - ImGui::CalcTextSize(t.c_str()).x - fs * 0.3f, p.y + row * g.cell + (g.cell - fs) * 0.5f), theme().text_dim, t.c_str());
    }
    for (int fd = 0; fd < g.shown; ++fd) {
        const int row = fd / g.per_row, col = fd % g.per_row;
        const ImVec2 a(x0 + col * g.cell, p.y + row * g.cell);
        const ImVec2 b(a.x + g.cell - gap, a.y + g.cell - gap);
        ImU32 fill = fd < v.n ? panel::box_fill() : with_alpha(panel::box_fill(), 0.35f);
        if (m.test(fd)) fill = on;
        dl->AddRectFilled(a, b, fill, g.cell >= 10 ? 2.0f : 0.0f);
        // Already scanned in this pass: a small tick under the cell.
        if (role.scanned && v.scan_fd >= 0 && fd < v.scan_fd && m.test(fd))
            dl->AddLine(ImVec2(a.x + 1, b.y - 2), ImVec2(b.x - 1, b.y - 2), theme().text, 2.0f);
        if (fd == v.scan_fd && (role.scanned ? m.test(fd) : (role.result && role.word_written && v.res_bit_now))) {
            dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), panel::highlight(), 2.0f, 0, 3.0f);
            panel::reveal(ImVec2(a.x, a.y - fs), ImVec2(b.x, b.y + 4));
        }
        if (role.word_written && v.word_index == fd / 64) dl->AddLine(ImVec2(a.x, b.y + 1), ImVec2(b.x, b.y + 1), panel::highlight(), 2.0f);
        if (fd == kFdSetSize) {
            const float y = a.y - gap * 0.5f;
            dl->AddLine(ImVec2(x0 - fs * 0.2f, y), ImVec2(x0 + g.per_row * g.cell, y), red, 2.0f);
            const char* t = "FD_SETSIZE";
            dl->AddText(ImVec2(x0 - ImGui::CalcTextSize(t).x - fs * 0.3f, a.y + (g.cell - fs) * 0.5f), red, t);
            if (ImGui::IsMouseHoveringRect(ImVec2(x0 - g.label_w, a.y), ImVec2(x0 + g.per_row * g.cell, b.y))) ImGui::SetTooltip("%s", tr(SI::SelFdSetSizeRow));
        }
    }
    ImGui::Dummy(ImVec2(g.label_w + g.per_row * g.cell, std::max(rows * g.cell, fs) + 3));
}

// Lays items out left to right while they fit, like words in a line: call before each item of
// width w (the first of a section starts a new line).
struct Flow {
    bool first { true };
    void next(float w) {
        const float gapx = ImGui::GetFontSize() * 1.5f;
        if (!first) {
            const float right = ImGui::GetItemRectMax().x;
            const float limit = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
            if (right + gapx + w <= limit) ImGui::SameLine(0, gapx);
        }
        first = false;
    }
};

// Maps not passed (NULL) or not copied yet: one dim line naming them, not an empty grid (beside
// the grids when there is room).
void unused_line(const std::vector<const char*>& names, Flow& flow) {
    if (names.empty()) return;
    std::string t = tr(SI::SelUnusedMaps);
    for (size_t i = 0; i < names.size(); ++i) t += (i ? ", " : " ") + std::string(names[i]);
    flow.next(ImGui::CalcTextSize(t.c_str()).x);
    ImGui::PushStyleColor(ImGuiCol_Text, theme().text_dim);
    ImGui::TextWrapped("%s", t.c_str());
    ImGui::PopStyleColor();
}

// Beside the arrows: both copies, one per line (down = copy_from_user, up = copy_to_user), or
// the copy this record makes, with its set and byte count.
std::string copy_text(const SelectView& v, const char* const user_labels[3]) {
    if (v.copy_set < 0) return std::string(tr(SI::SelCopyIn)) + "\n" + tr(SI::SelCopyOut);
    return std::string(v.copy_in ? tr(SI::SelCopyIn) : tr(SI::SelCopyOut)) + ": " + user_labels[v.copy_set] + ", " + std::to_string(v.copy_bytes) + " B";
}

// Width copy_arrows() needs: the two arrows and their text.
float copy_arrows_width(const SelectView& v, const char* const user_labels[3]) {
    return ImGui::GetFontSize() * 2.4f + ImGui::CalcTextSize(copy_text(v, user_labels).c_str()).x;
}

// The copy between the two address spaces, with its byte count; the arrows start at screen x
// (beside the user sets when the row has room, else on a line of their own under them).
void copy_arrows(const SelectView& v, const char* const user_labels[3], float x) {
    const float fs = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = fs * 2.2f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool now = v.copy_set >= 0;
    const ImU32 col = now ? panel::highlight() : theme().text_dim;
    panel::arrow(dl, ImVec2(x, p.y + 2), ImVec2(x, p.y + h - 2), now && v.copy_in ? col : theme().text_dim, now && v.copy_in ? 3.0f : 1.5f);
    panel::arrow(dl, ImVec2(x + fs * 1.2f, p.y + h - 2), ImVec2(x + fs * 1.2f, p.y + 2), now && !v.copy_in ? col : theme().text_dim, now && !v.copy_in ? 3.0f : 1.5f);
    const std::string t = copy_text(v, user_labels);
    const float th = ImGui::CalcTextSize(t.c_str()).y;
    dl->AddText(ImVec2(x + fs * 2.4f, p.y + (h - th) * 0.5f), now ? panel::highlight() : theme().text_dim, t.c_str());
    ImGui::Dummy(ImVec2(x - p.x + copy_arrows_width(v, user_labels), h));
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
        std::string c = std::string(tr(SI::SelCursor)) + " " + std::to_string(v.scan_fd) + "  (" + pass_text(v.scan_pass) + ")";
        if (v.poll_mask >= 0) c += "  " + poll_events_text(uint32_t(v.poll_mask));
        if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(c.c_str()).x + fs) ImGui::NewLine();
        panel::chip(c, panel::highlight());
    }
    const bool past_fd_setsize = v.nbits > kFdSetSize;
    if (past_fd_setsize) { ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(230, 90, 90, 255)); ImGui::TextWrapped("| %s", tr(SI::SelBoundary)); ImGui::PopStyleColor(); }
    static const char* const user_labels[3] = { "readfds", "writefds", "exceptfds" };
    static const SI kmaps[6] = { SI::SelMapIn, SI::SelMapOut, SI::SelMapEx, SI::SelMapResIn, SI::SelMapResOut, SI::SelMapResEx };
    const ImU32 blue = IM_COL32(70, 130, 220, 255), green = IM_COL32(60, 170, 90, 255);
    GridGeom g {};
    // A small n shows its bits up to the next multiple of 8 (at least 16); beyond 64 bits whole
    // 64-bit words. Rows hold 64, 32, 16 or 8 cells — as many as fit at a readable cell size —
    // so fd 1024 always starts a row.
    g.shown = v.n <= 64 ? int(std::max<int64_t>(16, (v.n + 7) / 8 * 8)) : v.nbits;
    g.label_w = ImGui::CalcTextSize("FD_SETSIZE").x;
    for (const char* l : user_labels) g.label_w = std::max(g.label_w, ImGui::CalcTextSize(l).x);
    for (SI k : kmaps) g.label_w = std::max(g.label_w, ImGui::CalcTextSize(tr(k)).x);
    g.label_w += fs * 0.6f;
    const float avail = ImGui::GetContentRegionAvail().x - g.label_w - 8;
    const float min_cell = std::max(8.0f, fs * 0.55f);
    g.per_row = 64;
    while (g.per_row > 8 && g.per_row * min_cell > avail) g.per_row /= 2;
    g.per_row = std::min(g.per_row, g.shown);
    g.cell = std::clamp(std::floor(avail / float(g.per_row)), min_cell, std::floor(fs * 1.1f));
    {   // Two maps side by side (in | res_in) save a row of height: smaller cells if that is what it takes.
        const float pair_cell = std::floor(((ImGui::GetContentRegionAvail().x - fs * 1.5f) * 0.5f - g.label_w) / float(g.per_row));
        if (2 * (g.label_w + g.per_row * g.cell) + fs * 1.5f > ImGui::GetContentRegionAvail().x && pair_cell >= min_cell)
            g.cell = std::min(g.cell, pair_cell);
    }
    g.x0 = ImGui::GetCursorScreenPos().x + g.label_w;
    const float grid_w = g.label_w + g.per_row * g.cell;
    {   // fd numbers over the columns; the "user space" heading beside them when there is room
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const int step = g.per_row <= 16 ? 4 : 8;
        for (int fd = 0; fd < g.per_row; fd += step)
            if (ImGui::CalcTextSize(std::to_string(fd).c_str()).x < step * g.cell)
                ImGui::GetWindowDrawList()->AddText(ImVec2(g.x0 + fd * g.cell, p.y), theme().text_dim, std::to_string(fd).c_str());
        ImGui::Dummy(ImVec2(grid_w, fs));
        Flow heading;
        heading.first = false;
        heading.next(ImGui::CalcTextSize(tr(SI::SelUserSets)).x);
        ImGui::TextDisabled("%s", tr(SI::SelUserSets));
    }
    // Vertical room is what a 1280x800 window lacks (the kernel maps and the wait queues must show
    // without scrolling): the copy arrows go beside the user sets when the row has room, and the
    // sets and maps not in use are named once, after the kernel maps.
    std::vector<const char*> unused;
    Flow flow;
    bool any_user = false;
    for (int w = 0; w < 3; ++w) {
        if (!v.user[w].present) { unused.push_back(user_labels[w]); continue; }
        flow.next(grid_w);
        ImGui::BeginGroup();
        grid(user_labels[w], v.user[w], v, g, v.user_phase[w] == UserSetPhase::Results ? green : blue, GridRole { false, false, false });
        ImGui::EndGroup();
        any_user = true;
    }
    const float arrows_w = copy_arrows_width(v, user_labels) + fs * 1.5f;
    if (any_user && ImGui::GetItemRectMax().x + fs * 1.5f + arrows_w <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) {
        ImGui::SameLine(0, fs * 1.5f);
        copy_arrows(v, user_labels, ImGui::GetCursorScreenPos().x);
    } else {
        copy_arrows(v, user_labels, g.x0 + fs);
    }
    ImGui::TextDisabled("%s", tr(SI::SelKernelSets));
    flow = Flow {};
    for (int m = 0; m < 6; ++m) {
        if (!v.kernel[m].present) { unused.push_back(tr(kmaps[m])); continue; }
        flow.next(grid_w);
        ImGui::BeginGroup();
        grid(tr(kmaps[m]), v.kernel[m], v, g, m < 3 ? blue : green, GridRole { m < 3, m >= 3, v.word_map == m });
        ImGui::EndGroup();
    }
    unused_line(unused, flow);
    // This task's wait-queue entries (one per polled socket while it sleeps in select).
    if (!v.wq_entries.empty() || !v.wq_removed.empty()) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s:", tr(SI::TabWaitQueues));
        for (const auto& e : v.wq_entries) {
            const std::string text = e.queue + " | " + e.func;
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(text.c_str()).x + fs * 1.5f) ImGui::NewLine();   // wrap, never widen
            panel::box(text, IM_COL32(70, 120, 200, 255), e.added_now);
        }
        if (!v.wq_removed.empty()) {
            ImGui::SameLine();
            const panel::Rect rc = panel::box(v.wq_removed, panel::ghost(), true);
            (void)rc;
        }
    }
    if (!past_fd_setsize) panel::note(tr(SI::SelBoundary));
}

} // namespace ioscope::gui

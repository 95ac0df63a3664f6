// panel_util.cpp — see the header.
#include "panel_util.h"

#include "gui/theme.h"

#include <algorithm>
#include <cmath>

namespace ioscope::gui::panel {

namespace {
bool g_reveal = false;
} // namespace

void arm_reveal() { g_reveal = true; }
void disarm_reveal() { g_reveal = false; }

void reveal(ImVec2 a, ImVec2 b) {
    if (!g_reveal) return;
    g_reveal = false;
    const ImVec2 wp = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
    // Only what is (partly) outside the visible part moves the view: a third from the top/left.
    if (a.y < wp.y || b.y > wp.y + ws.y) ImGui::SetScrollFromPosY(a.y - wp.y, b.y - a.y > ws.y * 0.6f ? 0.0f : 0.3f);
    if (a.x < wp.x || b.x > wp.x + ws.x) ImGui::SetScrollFromPosX(a.x - wp.x, 0.3f);
}

void reveal_last_item() { reveal(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }

ImU32 highlight() { return IM_COL32(255, 190, 30, 255); }
ImU32 ghost() { return IM_COL32(200, 70, 70, 200); }
ImU32 box_fill() { return theme().light ? IM_COL32(220, 226, 236, 255) : IM_COL32(58, 66, 82, 255); }
ImU32 dim_text() { return theme().text_dim; }

void box_at(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 fill, const std::string& text, bool hl, bool dashed) {
    const float r = 4.0f;
    if (dashed) {
        // A removed item: outline only, dashed.
        const float dash = 6.0f;
        const ImVec2 pts[4] = { a, ImVec2(b.x, a.y), b, ImVec2(a.x, b.y) };
        for (int e = 0; e < 4; ++e) {
            const ImVec2 p = pts[e], q = pts[(e + 1) % 4];
            const float len = std::hypot(q.x - p.x, q.y - p.y);
            for (float s = 0; s < len; s += 2 * dash) {
                const float t0 = s / len, t1 = std::min(len, s + dash) / len;
                dl->AddLine(ImVec2(p.x + (q.x - p.x) * t0, p.y + (q.y - p.y) * t0),
                            ImVec2(p.x + (q.x - p.x) * t1, p.y + (q.y - p.y) * t1), fill, 2.0f);
            }
        }
    } else {
        dl->AddRectFilled(a, b, fill, r);
    }
    if (hl) {
        dl->AddRectFilled(ImVec2(a.x - 3, a.y - 3), ImVec2(b.x + 3, b.y + 3), with_alpha(highlight(), 0.18f), r + 2);
        dl->AddRect(ImVec2(a.x - 3, a.y - 3), ImVec2(b.x + 3, b.y + 3), highlight(), r + 2, 0, 3.0f);
    }
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const ImU32 tc = dashed ? fill : text_color_on(fill);
    dl->PushClipRect(a, b, true);
    dl->AddText(ImVec2(std::max(a.x + 4, (a.x + b.x - ts.x) * 0.5f), (a.y + b.y - ts.y) * 0.5f), tc, text.c_str());
    dl->PopClipRect();
}

Rect box(const std::string& text, ImU32 fill, bool hl, float min_w, const char* tooltip) {
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const ImVec2 pad(ImGui::GetFontSize() * 0.5f, ImGui::GetFontSize() * 0.3f);
    const ImVec2 size(std::max(min_w, ts.x + pad.x * 2), ts.y + pad.y * 2);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const ImVec2 b(a.x + size.x, a.y + size.y);
    ImGui::Dummy(ImVec2(size.x + 4, size.y + 4));
    if (tooltip && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
    box_at(ImGui::GetWindowDrawList(), ImVec2(a.x + 2, a.y + 2), ImVec2(b.x + 2, b.y + 2), fill, text, hl);
    if (hl) reveal(a, ImVec2(b.x + 4, b.y + 4));
    return { ImVec2(a.x + 2, a.y + 2), ImVec2(b.x + 2, b.y + 2) };
}

void arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float th) {
    const float dx = to.x - from.x, dy = to.y - from.y;
    const float len = std::max(1.0f, std::hypot(dx, dy));
    const float ux = dx / len, uy = dy / len;
    const float head = 7.0f + th;
    const ImVec2 base(to.x - ux * head, to.y - uy * head);
    dl->AddLine(from, base, col, th);
    dl->AddTriangleFilled(to, ImVec2(base.x - uy * head * 0.5f, base.y + ux * head * 0.5f),
                          ImVec2(base.x + uy * head * 0.5f, base.y - ux * head * 0.5f), col);
}

void heading(const char* text) {
    ImGui::Spacing();
    ImGui::TextUnformatted(text);
    ImGui::Separator();
}

void note(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

void empty(SI id) { note(tr(id)); }

void highlight_row() {
    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, with_alpha(highlight(), 0.35f));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    reveal(p, ImVec2(p.x + 1, p.y + ImGui::GetTextLineHeightWithSpacing()));
}

void chip(const std::string& text, ImU32 fill) {
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y), ImVec2(p.x + ts.x + 10, p.y + h + 2), fill, 3.0f);
    ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + 5, p.y + 1), text_color_on(fill), text.c_str());
    ImGui::Dummy(ImVec2(ts.x + 10, h + 2));
}

} // namespace ioscope::gui::panel

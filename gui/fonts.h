// fonts.h — DejaVu Sans + a merged CJK font, with glyph ranges built from the app's own strings.
//
// Why not ImGui's ChineseSimplifiedCommon ranges: they miss everyday UI words (轴 in 时间轴),
// and ChineseFull costs a 2048x4096 atlas and 150-800 ms (TOOLCHAIN.md §8). Instead every Chinese
// string the GUI ships, plus every string of the loaded scenario/trace, goes through
// ImFontGlyphRangesBuilder; a new scenario with new characters marks the atlas dirty and the app
// rebuilds it between frames.
#pragma once
#include <imgui.h>

#include <string>
#include <string_view>

namespace ioscope::gui {

class Fonts {
public:
    Fonts();
    // Make sure the glyphs of `utf8` are in the atlas. Returns true if a rebuild is now needed.
    bool add_text(std::string_view utf8);
    void set_size(float px) { if (px != size_) { size_ = px; dirty_ = true; } }
    float size() const { return size_; }
    bool dirty() const { return dirty_; }
    // Rebuild ImGui's font atlas (CPU side). Call between frames, then re-upload the texture
    // (Platform::rebuild_font_texture).
    void build();

    bool has_cjk() const { return !cjk_path_.empty(); }
    const std::string& cjk_path() const { return cjk_path_; }
    ImFont* regular() const { return regular_; }
    ImFont* bold() const { return bold_ ? bold_ : regular_; }

private:
    ImFontGlyphRangesBuilder used_;       // every non-ASCII character seen so far
    ImVector<ImWchar> latin_ranges_, cjk_ranges_;   // must outlive the atlas build
    float size_ { 18.0f };
    bool dirty_ { true };
    std::string cjk_path_;
    ImFont* regular_ { nullptr };
    ImFont* bold_ { nullptr };
};

} // namespace ioscope::gui

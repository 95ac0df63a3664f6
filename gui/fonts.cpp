// fonts.cpp — see the header.
#include "fonts.h"

#include "i18n.h"

#include <filesystem>

namespace ioscope::gui {

namespace {

constexpr const char* kDejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kDejaVuBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

struct CjkCandidate {
    const char* path;
    int face;                             // index inside a .ttc collection
    float scale;                          // Noto looks smaller than DejaVu at the same pixel size
};
constexpr CjkCandidate kCjk[] = {
    { "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, 1.0f },
    { "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, 1.0f },
    { "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, 1.2f },   // face 2 = Simplified Chinese
    { "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf", 0, 1.2f },
};

bool exists(const char* p) {
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec);
}

// Minimal UTF-8 decoder: returns the next code point and advances; invalid bytes become U+FFFD.
unsigned next_codepoint(const char*& s, const char* end) {
    const unsigned char c = (unsigned char)*s++;
    if (c < 0x80) return c;
    int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
    if (n < 0) return 0xFFFD;
    unsigned cp = c & (0x3F >> n);
    for (int i = 0; i < n; ++i) {
        if (s >= end || ((unsigned char)*s & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | ((unsigned char)*s++ & 0x3F);
    }
    return cp;
}

} // namespace

Fonts::Fonts() {
    for (const std::string& s : all_zh_strings()) add_text(s);
    dirty_ = true;
}

bool Fonts::add_text(std::string_view utf8) {
    const char* s = utf8.data();
    const char* end = s + utf8.size();
    while (s < end) {
        const unsigned cp = next_codepoint(s, end);
        // ImWchar is 16-bit in the stock imconfig.h: nothing beyond the BMP can be drawn.
        if (cp < 0x80 || cp > 0xFFFF) continue;
        if (!used_.GetBit(cp)) { used_.SetBit(cp); dirty_ = true; }
    }
    return dirty_;
}

void Fonts::build() {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    regular_ = bold_ = nullptr;

    // Latin + symbols used by the UI (arrows, triangles, µ), for DejaVu.
    {
        ImFontGlyphRangesBuilder b;
        b.AddRanges(io.Fonts->GetGlyphRangesDefault());
        static const ImWchar extra[] = { 0x0370, 0x03FF, 0x2000, 0x206F, 0x2190, 0x21FF, 0x2200, 0x22FF,
                                         0x25A0, 0x25FF, 0 };
        b.AddRanges(extra);
        latin_ranges_.clear();
        b.BuildRanges(&latin_ranges_);
    }
    // Everything non-ASCII seen in the app's strings and the loaded scenario (the merge skips
    // code points DejaVu already has).
    cjk_ranges_.clear();
    used_.BuildRanges(&cjk_ranges_);

    const CjkCandidate* cjk = nullptr;
    for (const CjkCandidate& c : kCjk) if (exists(c.path)) { cjk = &c; break; }
    cjk_path_ = cjk ? cjk->path : "";

    auto add = [&](const char* path) -> ImFont* {
        ImFontConfig cfg;
        cfg.OversampleH = 2;
        cfg.OversampleV = 1;
        ImFont* f = nullptr;
        if (exists(path)) f = io.Fonts->AddFontFromFileTTF(path, size_, &cfg, latin_ranges_.Data);
        if (!f) {
            ImFontConfig d;
            d.SizePixels = size_;
            f = io.Fonts->AddFontDefault(&d);
        }
        if (cjk) {
            ImFontConfig m;
            m.MergeMode = true;
            m.FontNo = cjk->face;
            m.OversampleH = 1;
            m.PixelSnapH = true;
            io.Fonts->AddFontFromFileTTF(cjk->path, size_ * cjk->scale, &m, cjk_ranges_.Data);
        }
        return f;
    };
    regular_ = add(kDejaVu);
    bold_ = exists(kDejaVuBold) ? add(kDejaVuBold) : regular_;
    io.Fonts->Build();
    dirty_ = false;
}

} // namespace ioscope::gui

// image.h — screenshot checks and PNG output. GL-free: the platform layer reads the pixels back,
// this file judges and writes them (so the non-blank rule is unit-tested).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ioscope::gui {

struct Image {
    int width { 0 }, height { 0 };
    std::vector<uint8_t> rgba;            // top row first
};

// Pixels whose RGB differs from `clear` by more than `threshold` in any channel.
size_t count_nonblank(const Image& img, const uint8_t clear[3], int threshold = 8);
// Writes a PNG; on failure returns false and sets error.
bool write_png(const Image& img, const std::string& path, std::string& error);

constexpr size_t kMinNonblankPixels = 1000;   // TOOLCHAIN.md §6: worked well in practice

} // namespace ioscope::gui

// image.cpp — stb_image_write's implementation lives in Debian's libstb.so, so no
// STB_IMAGE_WRITE_IMPLEMENTATION here (TOOLCHAIN.md §6).
#include "image.h"

#include <stb_image_write.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace ioscope::gui {

size_t count_nonblank(const Image& img, const uint8_t clear[3], int threshold) {
    size_t n = 0;
    const size_t px = size_t(img.width) * size_t(img.height);
    if (img.rgba.size() < px * 4) return 0;
    for (size_t i = 0; i < px; ++i) {
        const uint8_t* p = &img.rgba[i * 4];
        if (std::abs(int(p[0]) - clear[0]) > threshold || std::abs(int(p[1]) - clear[1]) > threshold ||
            std::abs(int(p[2]) - clear[2]) > threshold)
            ++n;
    }
    return n;
}

bool write_png(const Image& img, const std::string& path, std::string& error) {
    if (img.width <= 0 || img.height <= 0 || img.rgba.size() < size_t(img.width) * size_t(img.height) * 4) {
        error = "no image to write";
        return false;
    }
    errno = 0;
    if (!stbi_write_png(path.c_str(), img.width, img.height, 4, img.rgba.data(), img.width * 4)) {
        error = "cannot write " + path + (errno ? std::string(": ") + std::strerror(errno) : std::string());
        return false;
    }
    return true;
}

} // namespace ioscope::gui

// Screenshot checks and PNG writing.
#include "gui/image.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

using namespace ioscope::gui;

TEST(Image, CountsPixelsThatDifferFromTheClearColour) {
    Image img;
    img.width = 100; img.height = 50;
    img.rgba.assign(size_t(100 * 50 * 4), 0);
    const uint8_t clear[3] = { 20, 22, 28 };
    for (size_t i = 0; i < img.rgba.size(); i += 4) { img.rgba[i] = 20; img.rgba[i + 1] = 22; img.rgba[i + 2] = 28; img.rgba[i + 3] = 255; }
    EXPECT_EQ(count_nonblank(img, clear), 0u);
    for (int i = 0; i < 1200; ++i) img.rgba[size_t(i) * 4] = 200;
    EXPECT_EQ(count_nonblank(img, clear), 1200u);
    img.rgba[size_t(2000) * 4 + 1] = 25;          // within the threshold
    EXPECT_EQ(count_nonblank(img, clear), 1200u);
}

TEST(Image, WritesAPng) {
    Image img;
    img.width = 4; img.height = 2;
    img.rgba.assign(32, 255);
    auto path = std::filesystem::temp_directory_path() / "ioscope_gui_image_test.png";
    std::string err;
    ASSERT_TRUE(write_png(img, path.string(), err)) << err;
    EXPECT_GT(std::filesystem::file_size(path), 8u);
    std::filesystem::remove(path);
    EXPECT_FALSE(write_png(img, "/nonexistent-dir/x.png", err));
    EXPECT_FALSE(err.empty());
}

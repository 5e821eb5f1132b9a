#include "scan/ImageFileSource.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "scan/ImageFile.h"

namespace hall {

ImageFileSource::ImageFileSource(std::filesystem::path folder, int fps, int width, int height)
    : folder_(std::move(folder)), fps_(std::max(1, fps)), width_(width), height_(height) {}

std::string ImageFileSource::describe() const {
    return "images " + folder_.string();
}

Result<void> ImageFileSource::open() {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder_, ec))
        return fail("scan.no_device", folder_.string() + " is not a folder of images");
    return {};
}

Result<GreyFrame> ImageFileSource::next() {
    std::this_thread::sleep_for(std::chrono::milliseconds(1000 / fps_));
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(folder_, ec)) {
        const auto ext = e.path().extension().string();
        if (e.is_regular_file() && (ext == ".png" || ext == ".jpg" || ext == ".pgm"))
            files.push_back(e.path());
    }
    if (ec)
        return fail("scan.no_device", folder_.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        GreyFrame empty;
        empty.width = width_;
        empty.height = height_;
        empty.pixels.assign(static_cast<size_t>(width_) * height_, 128);
        return empty;
    }
    const auto& file = files[index_++ % files.size()];
    auto frame = loadGreyImage(file);
    if (!frame) {
        // Half written (a test copying it in) or not an image: an empty scene this time.
        GreyFrame empty;
        empty.width = width_;
        empty.height = height_;
        empty.pixels.assign(static_cast<size_t>(width_) * height_, 128);
        return empty;
    }
    return frame;
}

}  // namespace hall

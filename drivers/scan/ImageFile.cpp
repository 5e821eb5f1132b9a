#include "scan/ImageFile.h"

#include <stb/stb_image.h>

#include <memory>

namespace hall {

Result<GreyFrame> loadGreyImage(const std::filesystem::path& file) {
    int w = 0, h = 0, channels = 0;
    // The size first, so a forged header cannot make the terminal allocate gigabytes.
    if (stbi_info(file.c_str(), &w, &h, &channels) && (w > 8192 || h > 8192)) {
        return fail("scan.bad_image", file.string() + ": " + std::to_string(w) + "×" +
                                          std::to_string(h) + " is larger than a camera frame");
    }
    std::unique_ptr<stbi_uc, void (*)(void*)> data(stbi_load(file.c_str(), &w, &h, &channels, 1),
                                                   stbi_image_free);
    if (!data) {
        return fail("scan.bad_image", file.string() + ": not an image this terminal can read (" +
                                          stbi_failure_reason() + "); use PNG, JPEG or PGM");
    }
    GreyFrame f;
    f.width = w;
    f.height = h;
    f.pixels.assign(data.get(), data.get() + static_cast<size_t>(w) * h);
    return f;
}

}  // namespace hall

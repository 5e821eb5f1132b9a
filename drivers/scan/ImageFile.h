#pragma once
#include <filesystem>

#include "Result.h"
#include "scan/GreyFrame.h"

namespace hall {

// Reads a PNG, JPEG, BMP or PGM file as a grey frame (stb_image): the image-file source of
// tests and the demo, and `kioskctl decode`.
Result<GreyFrame> loadGreyImage(const std::filesystem::path& file);

}  // namespace hall

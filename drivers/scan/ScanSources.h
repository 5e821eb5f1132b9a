#pragma once
#include <memory>
#include <vector>

#include "config/HallConfig.h"
#include "scan/CameraScanner.h"
#include "scan/ScanSource.h"

namespace hall {

// The scanners a hall config lists, made and not yet started. `camera` is the first camera
// among them (its frames are the live preview), or null.
struct ScanSources {
    std::vector<std::unique_ptr<ScanSource>> all;
    CameraScanner* camera = nullptr;
};
ScanSources makeScanSources(const std::vector<ScannerConfig>& configs);

}  // namespace hall

#include "support/KioskRun.h"

#include <cstdlib>

#include "support/TempDir.h"

namespace hall::test {

std::string kioskBinary() {
    return HALL_KIOSK_BINARY;
}
std::string kioskctlBinary() {
    return HALL_KIOSKCTL_BINARY;
}

std::vector<std::string> kioskEnv(const Xvfb& x) {
    const char* asan = std::getenv("ASAN_OPTIONS");
    return {x.env(), std::string("ASAN_OPTIONS=") + (asan ? std::string(asan) + ":" : "") +
                         "detect_leaks=0"};
}

KioskRun::KioskRun(const Xvfb& x, const std::filesystem::path& config,
                   const std::filesystem::path& workDir, const Options& options)
    : uiMap_(workDir / "ui-map.json"), log_(workDir / "kiosk.log") {
    std::filesystem::remove(uiMap_);
    std::vector<std::string> argv = options.wrapper;
    for (const auto& a :
         std::vector<std::string>{kioskBinary(), "--config", config.string(), "--size",
                                  options.size, "--ui-map", uiMap_.string()}) {
        argv.push_back(a);
    }
    argv.insert(argv.end(), options.extraArgs.begin(), options.extraArgs.end());
    process_ = std::make_unique<Subprocess>(argv, kioskEnv(x), log_);
}

std::string KioskRun::log() const {
    return readFile(log_);
}

UiState KioskRun::waitForScreen(const std::string& screen) const {
    return hall::test::waitForScreen(uiMap_, screen);
}

}  // namespace hall::test

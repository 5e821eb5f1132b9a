#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/Subprocess.h"
#include "support/UiMap.h"
#include "support/Xvfb.h"

namespace hall::test {

std::string kioskBinary();
std::string kioskctlBinary();

// The real kiosk binary in a real window on the test's X server, publishing its UI map.
class KioskRun {
public:
    struct Options {
        std::string size = "1080x1920";
        std::vector<std::string> wrapper;  // a command to run the kiosk under (unshare, say)
        std::vector<std::string> extraArgs;
    };
    KioskRun(const Xvfb& x, const std::filesystem::path& config, const std::filesystem::path& workDir,
             const Options& options);
    KioskRun(const Xvfb& x, const std::filesystem::path& config, const std::filesystem::path& workDir)
        : KioskRun(x, config, workDir, Options{}) {}

    const std::filesystem::path& uiMap() const { return uiMap_; }
    std::string log() const;
    Subprocess& process() { return *process_; }
    UiState waitForScreen(const std::string& screen) const;

private:
    std::filesystem::path uiMap_;
    std::filesystem::path log_;
    std::unique_ptr<Subprocess> process_;
};

}  // namespace hall::test

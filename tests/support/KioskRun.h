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

// The environment for a kiosk process on the test's X server. Leak reports are off for it:
// Mesa's software driver leaks 112 bytes per process and is unloaded before LeakSanitizer
// reports, so the report cannot be suppressed by name (valgrind names Mesa; none of ours).
// Every other sanitizer check stays on; unit tests check shared/ and drivers/ for leaks.
std::vector<std::string> kioskEnv(const Xvfb& x);

// The real kiosk binary in a real window on the test's X server, publishing its UI map.
class KioskRun {
  public:
    struct Options {
        std::string size = "1080x1920";
        std::vector<std::string> wrapper;  // a command to run the kiosk under (unshare, say)
        std::vector<std::string> extraArgs;

        static Options sized(std::string size) {
            Options o;
            o.size = std::move(size);
            return o;
        }
        // A counter or display in a landscape window.
        static Options role(const std::string& role, std::string size = "1920x1080") {
            Options o;
            o.size = std::move(size);
            o.extraArgs = {"--role", role};
            return o;
        }
        static Options wrappedIn(std::vector<std::string> wrapper) {
            Options o;
            o.wrapper = std::move(wrapper);
            return o;
        }
    };
    KioskRun(const Xvfb& x, const std::filesystem::path& config,
             const std::filesystem::path& workDir, const Options& options);
    KioskRun(const Xvfb& x, const std::filesystem::path& config,
             const std::filesystem::path& workDir)
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

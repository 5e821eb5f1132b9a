#include "kioskctl/ScannerCommand.h"

#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "config/HallConfig.h"
#include "identity/IdentityVerifier.h"
#include "identity/ResidentId.h"
#include "scan/ScanSources.h"

namespace hall {

int runScannerTest(const std::vector<std::string>& args) {
    std::string hallFile = "config/hall.toml";
    int seconds = 30;
    for (size_t i = 2; i + 1 < args.size(); ++i) {
        if (args[i] == "--config")
            hallFile = args[i + 1];
        else if (args[i] == "--seconds")
            seconds = std::stoi(args[i + 1]);
    }
    auto config = loadHallConfig(hallFile);
    if (!config) {
        std::fprintf(stderr, "kioskctl: the hall config cannot be used:\n%s\n",
                     config.message().c_str());
        return 2;
    }
    if (config->scanners.empty()) {
        std::fprintf(stderr, "kioskctl: %s lists no [[scanners]]\n", hallFile.c_str());
        return 2;
    }
    IdentityVerifier verifier(config->identity.issuers, config->hallId);
    std::mutex mutex;
    auto sources = makeScanSources(config->scanners);
    int codes = 0;
    for (auto& source : sources.all) {
        const std::string name = source->describe();
        source->start([&, name](ScanEvent e) {
            std::lock_guard lock(mutex);
            const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
            switch (e.kind) {
                case ScanEvent::Kind::Connected:
                    std::printf("%s: connected\n", name.c_str());
                    break;
                case ScanEvent::Kind::Disconnected:
                    std::printf("not available: %s\n", e.text.c_str());
                    break;
                case ScanEvent::Kind::Refused:
                    std::printf("%s: %s\n", name.c_str(), e.text.c_str());
                    break;
                case ScanEvent::Kind::Code: {
                    ++codes;
                    auto r = verifier.verify(e.text, now);
                    const size_t bytes = e.text.size();
                    wipe(e.text);
                    if (r) {
                        std::printf("%s: read %zu bytes: %s %s %s\n", name.c_str(), bytes,
                                    std::string(identityKindCode(r->kind)).c_str(),
                                    r->maskedId.c_str(), r->maskedName.c_str());
                    } else {
                        std::printf("%s: read %zu bytes: refused (%s): %s\n", name.c_str(), bytes,
                                    r.error().code.c_str(), r.message().c_str());
                    }
                    break;
                }
            }
            std::fflush(stdout);
        });
    }
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    for (auto& source : sources.all)
        source->stop();
    std::printf("%d codes read in %d s\n", codes, seconds);
    return 0;
}

}  // namespace hall

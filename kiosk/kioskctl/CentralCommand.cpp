#include "kioskctl/CentralCommand.h"

#include <cstdio>
#include <filesystem>

#include "config/HallConfig.h"
#include "sync/CentralLink.h"

namespace hall {

int runCentralCommand(const std::vector<std::string>& args) {
    auto option = [&](const std::string& name) {
        for (size_t i = 0; i + 1 < args.size(); ++i) {
            if (args[i] == name)
                return args[i + 1];
        }
        return std::string();
    };
    if (args.size() < 2 || args[1] != "enrol" || option("--code").empty()) {
        std::fprintf(stderr, "usage: kioskctl central enrol --config HALL --code CODE\n");
        return 2;
    }
    const std::string hallFile =
        option("--config").empty() ? "config/hall.toml" : option("--config");
    auto config = loadHallConfig(hallFile);
    if (!config) {
        std::fprintf(stderr, "kioskctl: %s\n", config.message().c_str());
        return 2;
    }
    if (config->central.url.empty()) {
        std::fprintf(stderr, "kioskctl: %s has no [central] url\n", hallFile.c_str());
        return 2;
    }
    auto key = DeviceKey::load(config->central.keyFile);
    if (!key) {
        // First enrolment: a new key, kept before asking, so a retry uses the same one.
        key = DeviceKey::generate(config->hallId, DeviceRole::Kiosk);
        std::error_code ec;
        std::filesystem::create_directories(config->central.keyFile.parent_path(), ec);
        if (!key || !key->save(config->central.keyFile)) {
            std::fprintf(stderr, "kioskctl: cannot write %s\n", config->central.keyFile.c_str());
            return 1;
        }
    }
    auto r = enrolWithCentral({config->central.url, config->central.certificate}, option("--code"),
                              *key, "kiosk");
    if (!r) {
        std::fprintf(stderr, "kioskctl: enrolment refused: %s\n", r.message().c_str());
        return 1;
    }
    std::printf("enrolled %s with %s\n", key->id.c_str(), config->central.url.c_str());
    return 0;
}

}  // namespace hall

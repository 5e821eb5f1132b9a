#include "kioskctl/LanCommands.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "config/DeviceConfig.h"
#include "config/HallConfig.h"
#include "crypto/Hashing.h"
#include "crypto/Random.h"
#include "lan/HallCertificate.h"
#include "lan/HallConnection.h"
#include "lan/LanProtocol.h"
#include "sim/HallDaySimulator.h"

namespace hall {

namespace {

std::string option(const std::vector<std::string>& args, const std::string& name,
                   const std::string& fallback = "") {
    for (size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == name)
            return args[i + 1];
    }
    return fallback;
}

bool flag(const std::vector<std::string>& args, const std::string& name) {
    return std::find(args.begin(), args.end(), name) != args.end();
}

int usage(const char* text) {
    std::fputs(text, stderr);
    return 2;
}

}  // namespace

int runLanCommand(const std::vector<std::string>& args) {
    if (args.size() >= 2 && args[1] == "enrol") {
        const std::string configFile = option(args, "--config", "config/hall.toml");
        const std::string id = option(args, "--id");
        const auto role = roleFromCode(option(args, "--role"));
        const std::string keyOut = option(args, "--key-out");
        if (id.empty() || !role || keyOut.empty()) {
            return usage(
                "usage: kioskctl lan enrol --config HALL.toml --id DEVICE --role "
                "counter|display|kiosk|maintainer "
                "--key-out FILE\n");
        }
        auto config = loadHallConfig(configFile);
        if (!config) {
            std::fprintf(stderr, "%s\n", config.message().c_str());
            return 2;
        }
        auto key = DeviceKey::generate(id, *role);
        if (!key) {
            std::fprintf(stderr, "%s\n", key.message().c_str());
            return 2;
        }
        if (auto r = key->save(keyOut); !r) {
            std::fprintf(stderr, "%s\n", r.message().c_str());
            return 1;
        }
        if (auto r = key->savePublic(config->lan.devicesDir); !r) {
            std::fprintf(stderr, "%s\n", r.message().c_str());
            return 1;
        }
        std::printf(
            "enrolled %s (%s): its key is in %s (give it to the device, keep it secret);\n"
            "the hall trusts it through %s. Restart the hall to pick it up.\n",
            id.c_str(), std::string(roleCode(*role)).c_str(), keyOut.c_str(),
            (config->lan.devicesDir / (id + ".pub")).c_str());
        return 0;
    }
    if (args.size() >= 2 && args[1] == "certificate") {
        auto config = loadHallConfig(option(args, "--config", "config/hall.toml"));
        if (!config) {
            std::fprintf(stderr, "%s\n", config.message().c_str());
            return 2;
        }
        const auto& lan = config->lan;
        if (auto r = ensureHallCertificate(lan.certificate, lan.privateKey, config->hallId,
                                           lan.certificateNames);
            !r) {
            std::fprintf(stderr, "%s\n", r.message().c_str());
            return 1;
        }
        auto fp = certificateFingerprint(lan.certificate);
        if (!fp) {
            std::fprintf(stderr, "%s\n", fp.message().c_str());
            return 1;
        }
        std::printf(
            "%s\nSHA-256 %s\ncopy it to each counter and display (their hall.certificate)\n",
            lan.certificate.c_str(), fp->c_str());
        return 0;
    }
    return usage("usage: kioskctl lan enrol|certificate ...\n");
}

int runStaffHashPin() {
    if (isatty(STDIN_FILENO))
        std::fprintf(stderr, "PIN (4–12 digits), then Enter: ");
    std::string pin;
    std::getline(std::cin, pin);
    if (pin.size() < 4 || pin.size() > 12 ||
        pin.find_first_not_of("0123456789") != std::string::npos) {
        std::fprintf(stderr, "a PIN is 4 to 12 digits\n");
        return 2;
    }
    auto hash = hashPin(pin);
    std::fill(pin.begin(), pin.end(), '0');
    if (!hash) {
        std::fprintf(stderr, "%s\n", hash.message().c_str());
        return 1;
    }
    std::printf("%s\n", hash->c_str());
    return 0;
}

int runHallCommand(const std::vector<std::string>& args) {
    const char* help =
        "usage: kioskctl hall status|stats|call|finish|issue --device-config FILE [options]\n"
        "  status                          the queue now (JSON)\n"
        "  stats [--date YYYY-MM-DD] [--csv] a day's figures, JSON or CSV\n"
        "  call --window N                 call the next ticket to window N\n"
        "  finish --window N [--outcome O] finish window N's ticket (completed, accepted, "
        "referred, incomplete)\n"
        "  issue --service L               issue a ticket for service L\n";
    if (args.size() < 2)
        return usage(help);
    auto config = loadDeviceConfig(option(args, "--device-config", "config/maintainer.toml"));
    if (!config) {
        std::fprintf(stderr, "%s\n", config.message().c_str());
        return 2;
    }
    auto key = DeviceKey::load(config->keyFile);
    if (!key) {
        std::fprintf(stderr, "%s\n", key.message().c_str());
        return 2;
    }
    HallConnection hall(*key, config->hallUrl, config->hallCertificate);
    auto print = [](const Result<nlohmann::json>& r) {
        if (!r) {
            std::fprintf(stderr, "%s (%s)\n", r.message().c_str(), r.error().code.c_str());
            return 1;
        }
        std::printf("%s\n", r->dump(2).c_str());
        return 0;
    };
    const std::string& verb = args[1];
    const std::string key16 = randomHex(8);
    if (verb == "status")
        return print(hall.get(lan::kPathQueue));
    if (verb == "stats") {
        std::string target = std::string(lan::kPathStats) + "?date=" + option(args, "--date", "");
        if (option(args, "--date").empty())
            target = lan::kPathStats;
        if (flag(args, "--csv")) {
            auto csv = hall.getText(target + (target.find('?') == std::string::npos ? "?" : "&") +
                                    "format=csv");
            if (!csv) {
                std::fprintf(stderr, "%s\n", csv.message().c_str());
                return 1;
            }
            std::fputs(csv->c_str(), stdout);
            return 0;
        }
        return print(hall.get(target));
    }
    const int window = std::atoi(option(args, "--window", "0").c_str());
    if (verb == "call")
        return print(
            hall.post(lan::kPathCommands, lan::commandToJson(CallNextCommand{window}), key16));
    if (verb == "finish") {
        return print(hall.post(
            lan::kPathCommands,
            lan::commandToJson(FinishCommand{window, option(args, "--outcome", "completed")}),
            key16));
    }
    if (verb == "issue") {
        const std::string s = option(args, "--service");
        if (s.size() != 1)
            return usage(help);
        return print(hall.post(
            lan::kPathCommands,
            lan::commandToJson(IssueTicketCommand{s[0], std::nullopt, std::nullopt, {}, {}}),
            key16));
    }
    return usage(help);
}

int runSimulate(const std::vector<std::string>& args) {
    SimulationSettings s;
    s.seed = static_cast<uint32_t>(std::stoul(option(args, "--seed", "1")));
    s.tickets = std::stoi(option(args, "--tickets", "1000"));
    s.windows = std::stoi(option(args, "--windows", "6"));
    // The store goes where fsync is cheap when it can: the simulation measures the queue, not the
    // disk.
    const std::filesystem::path base =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    const auto dir = base / ("hall-simulation-" + randomHex(6));
    auto r = simulateHallDay(s, dir);
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    if (!r) {
        std::fprintf(stderr, "%s\n", r.message().c_str());
        return 1;
    }
    std::printf("%s\n", r->dump().c_str());
    return 0;
}

}  // namespace hall

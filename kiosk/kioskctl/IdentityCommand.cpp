#include "kioskctl/IdentityCommand.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "config/HallConfig.h"
#include "identity/IdentityVerifier.h"
#include "identity/ResidentId.h"

namespace hall {

int runIdentityVerify(const std::vector<std::string>& args) {
    std::string hallFile = "config/hall.toml";
    int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    bool json = false;
    std::vector<std::string> payloads;
    for (size_t i = 2; i < args.size(); ++i) {
        if (args[i] == "--config" && i + 1 < args.size()) {
            hallFile = args[++i];
        } else if (args[i] == "--at" && i + 1 < args.size()) {
            now = std::stoll(args[++i]);
        } else if (args[i] == "--json") {
            json = true;
        } else {
            payloads.push_back(args[i]);
        }
    }
    auto config = loadHallConfig(hallFile);
    if (!config) {
        std::fprintf(stderr, "kioskctl: the hall config (issuer keys) cannot be used:\n%s\n",
                     config.message().c_str());
        return 2;
    }
    if (payloads.empty() && !isatty(STDIN_FILENO)) {
        for (std::string line; std::getline(std::cin, line);)
            payloads.push_back(line);
    }
    if (payloads.empty()) {
        std::fprintf(stderr, "kioskctl: give a payload, or lines of them on standard input\n");
        return 2;
    }
    IdentityVerifier verifier(config->identity.issuers, config->hallId);
    bool allValid = true;
    for (auto& payload : payloads) {
        auto r = verifier.verify(payload, now);
        wipe(payload);
        nlohmann::ordered_json j{{"valid", r.ok()}};
        if (r) {
            j["kind"] = std::string(identityKindCode(r->kind));
            j["masked_id"] = r->maskedId.empty() ? nlohmann::ordered_json()
                                                 : nlohmann::ordered_json(r->maskedId);
            j["masked_name"] = r->maskedName.empty() ? nlohmann::ordered_json()
                                                     : nlohmann::ordered_json(r->maskedName);
            if (r->kind == IdentityKind::HallTicket)
                j["ticket_id"] = r->ticketId;
            j["reason"] = nullptr;
        } else {
            allValid = false;
            j["kind"] = nullptr;
            j["masked_id"] = nullptr;
            j["code"] = r.error().code;
            j["reason"] = r.message();
        }
        if (json) {
            std::printf("%s\n", j.dump().c_str());
        } else if (r) {
            std::printf("valid %s %s %s\n", std::string(identityKindCode(r->kind)).c_str(),
                        r->maskedId.c_str(), r->maskedName.c_str());
        } else {
            std::printf("refused (%s): %s\n", r.error().code.c_str(), r.message().c_str());
        }
    }
    return allValid ? 0 : 1;
}

}  // namespace hall

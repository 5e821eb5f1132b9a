#include "sync/CentralAdmin.h"
#include "text/UntrustedJson.h"

namespace hall {

Result<nlohmann::json> askCentral(const CentralEndpoint& central, const std::string& path,
                                  const nlohmann::json& body, const DeviceKey& maintainer,
                                  const Clock& clock) {
    return askCentral(central, path, body.dump(), maintainer, clock);
}

Result<nlohmann::json> askCentral(const CentralEndpoint& central, const std::string& path,
                                  const std::string& text, const DeviceKey& maintainer,
                                  const Clock& clock) {
    int64_t offsetMs = 0;
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto answer =
            postToCentral(central, path, text, &maintainer, toUnixMillis(clock.now()) + offsetMs);
        if (!answer)
            return answer.error();
        const auto j = parseUntrustedJson(answer->body);
        if (answer->status >= 200 && answer->status < 300) {
            if (!j.is_object())
                return fail("sync.bad_answer", path + ": the answer is not JSON");
            return j;
        }
        const bool clockOff = j.is_object() && j.contains("error") &&
                              j["error"].value("code", "") == "auth.clock_skew";
        if (clockOff && answer->serverTimeMs > 0 && attempt == 0) {
            offsetMs = answer->serverTimeMs - toUnixMillis(clock.now());
            continue;
        }
        if (j.is_object() && j.contains("error") && j["error"].is_object()) {
            return fail(j["error"].value("code", "sync.refused"),
                        j["error"].value("message", "refused") + " (" + path + ", " +
                            std::to_string(answer->status) + ")");
        }
        if (auto ok = checkAnswer(*answer, path); !ok)
            return ok.error();
        return fail("sync.bad_answer", path + ": the answer is not JSON");
    }
    return fail("sync.refused", path + ": refused");
}

}  // namespace hall

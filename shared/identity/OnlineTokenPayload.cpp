#include "identity/OnlineTokenPayload.h"

namespace hall {

namespace {

constexpr std::string_view kPrefix = "HOT1.";

bool base64UrlText(std::string_view s) {
    for (char c : s) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

}  // namespace

bool OnlineTokenPayload::recognises(std::string_view payload) const {
    return payload.substr(0, kPrefix.size()) == kPrefix;
}

Result<Identity> OnlineTokenPayload::verify(std::string_view payload, int64_t now) {
    const std::string_view token = payload.substr(kPrefix.size());
    if (!recognises(payload) || token.size() < 16 || token.size() > 1024 || !base64UrlText(token)) {
        return fail("identity.malformed",
                    "this code is cut short or damaged; refresh it in the app and show it again");
    }
    if (!central_) {
        return fail("identity.needs_online",
                    "this code can only be checked online, and this terminal is not connected "
                    "to the city's service; use the ID card or ask staff");
    }
    return central_->check(token, now);
}

}  // namespace hall

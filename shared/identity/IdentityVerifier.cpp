#include "identity/IdentityVerifier.h"

#include "identity/HallTicketPayload.h"
#include "identity/IdNumberPayload.h"
#include "text/Utf8.h"

namespace hall {

IdentityVerifier::IdentityVerifier(IssuerKeys issuers, std::string hallId,
                                   std::shared_ptr<OnlineIdentityCheck> central) {
    kinds_.push_back(std::make_unique<SignedCodePayload>(std::move(issuers), seen_));
    kinds_.push_back(std::make_unique<HallTicketPayload>(std::move(hallId)));
    kinds_.push_back(std::make_unique<OnlineTokenPayload>(std::move(central)));
    kinds_.push_back(std::make_unique<IdNumberPayload>());
}

Result<Identity> IdentityVerifier::verify(std::string_view payload, int64_t now) {
    // Scanners add line ends; a payload itself never ends in whitespace.
    while (!payload.empty() &&
           (payload.back() == '\r' || payload.back() == '\n' || payload.back() == ' '))
        payload.remove_suffix(1);
    if (payload.empty())
        return fail("identity.empty", "the code was empty; show it to the scanner again");
    if (payload.size() > kMaxPayloadBytes) {
        return fail("identity.too_large",
                    "this code holds " + std::to_string(payload.size()) +
                        " bytes, more than any identity code (4096); it is not one");
    }
    if (!utf8::decode(payload)) {
        return fail("identity.not_text",
                    "this code holds no readable text, so it is not an identity code");
    }
    for (const auto& kind : kinds_) {
        if (kind->recognises(payload))
            return kind->verify(payload, now);
    }
    return fail("identity.not_recognised",
                "this code is not an identity code this terminal knows (an electronic ID, a "
                "social security code, an ID card number or a ticket of this hall)");
}

}  // namespace hall

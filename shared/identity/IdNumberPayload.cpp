#include "identity/IdNumberPayload.h"

#include "identity/ResidentId.h"

namespace hall {

bool IdNumberPayload::recognises(std::string_view payload) const {
    if (payload.size() != 18)
        return false;
    for (size_t i = 0; i < 17; ++i) {
        if (payload[i] < '0' || payload[i] > '9')
            return false;
    }
    const char last = payload[17];
    return (last >= '0' && last <= '9') || last == 'X' || last == 'x';
}

Result<Identity> IdNumberPayload::verify(std::string_view payload, int64_t) {
    auto id = checkIdNumber(payload);
    if (!id)
        return id.error();
    Identity identity;
    identity.kind = IdentityKind::IdNumber;
    identity.idNumber = std::move(id).value();
    identity.maskedId = maskIdNumber(identity.idNumber);
    return identity;
}

}  // namespace hall

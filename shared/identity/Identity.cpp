#include "identity/Identity.h"

#include "identity/ResidentId.h"
#include "text/Utf8.h"

namespace hall {

std::string_view identityKindCode(IdentityKind kind) {
    switch (kind) {
        case IdentityKind::SignedCode:
            return "signed_code";
        case IdentityKind::IdNumber:
            return "id_number";
        case IdentityKind::HallTicket:
            return "hall_ticket";
        case IdentityKind::OnlineToken:
            return "online_token";
    }
    return "id_number";
}

Identity::~Identity() {
    wipe();
}

void Identity::wipe() {
    hall::wipe(idNumber);
    hall::wipe(name);
}

std::string maskName(std::string_view name) {
    auto chars = utf8::decode(name);
    if (!chars || chars->empty())
        return {};
    std::string out = utf8::encode(std::vector<char32_t>{chars->front()});
    out.append(chars->size() - 1, '*');
    return out;
}

}  // namespace hall

#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace hall {

enum class IdentityKind { SignedCode, IdNumber, HallTicket, OnlineToken };
std::string_view identityKindCode(IdentityKind kind);

// Who a scanned code says the resident is, after it was verified. The personal fields are
// wiped when it is destroyed, so a resident's session that ends takes them with it; what may be
// shown or kept are the masked forms.
struct Identity {
    IdentityKind kind = IdentityKind::IdNumber;
    std::string idNumber;    // personal: an 18-character ID card number, when the code carries one
    std::string name;        // personal
    std::string maskedId;    // 220102********123X
    std::string maskedName;  // 张*
    std::string issuer;      // the key id of a signed code
    std::string hallId;      // a hall ticket: whose ticket
    std::string ticketId;
    int64_t expiresAt = 0;  // Unix seconds; 0 for what does not expire

    Identity() = default;
    Identity(const Identity&) = default;
    Identity(Identity&&) = default;
    Identity& operator=(const Identity&) = default;
    Identity& operator=(Identity&&) = default;
    ~Identity();

    void wipe();
};

// The first character of a name and a star for each of the rest (张*, 欧阳**).
std::string maskName(std::string_view name);

}  // namespace hall

#pragma once
#include <cstdint>
#include <string>

#include "identity/IssuerKeys.h"
#include "identity/PayloadVerifier.h"
#include "identity/SeenNonces.h"

namespace hall {

// A signed identity code (docs/identity-codes.md): HID1.<claims>.<signature>, both parts
// base64url without padding. The claims are UTF-8 text, fields joined by '|':
//   issuer key id | ID card number | name | issued at | expires at | nonce
// (times in Unix seconds); the signature is Ed25519 over the ASCII text "HID1.<claims>".
struct IdentityClaims {
    std::string issuer;
    std::string idNumber;
    std::string name;
    int64_t issuedAt = 0;
    int64_t expiresAt = 0;
    std::string nonce;
};

inline constexpr std::string_view kSignedCodePrefix = "HID1.";

// For issuers and the test-code tool: the code for `claims`, signed with a 64-byte libsodium
// secret key.
std::string signIdentityCode(const IdentityClaims& claims, const std::string& secretKey);

class SignedCodePayload : public PayloadVerifier {
  public:
    // A clock this far ahead of the issuer's still accepts a fresh code.
    static constexpr int64_t kClockSkewSeconds = 30;

    SignedCodePayload(IssuerKeys issuers, SeenNonces& seen)
        : issuers_(std::move(issuers)), seen_(seen) {}

    bool recognises(std::string_view payload) const override;
    Result<Identity> verify(std::string_view payload, int64_t nowSeconds) override;

  private:
    IssuerKeys issuers_;
    SeenNonces& seen_;
};

}  // namespace hall

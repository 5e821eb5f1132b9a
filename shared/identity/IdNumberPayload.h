#pragma once
#include "identity/PayloadVerifier.h"

namespace hall {

// A bare resident ID card number in a QR code (some departments print them): GB 11643 checks,
// the check digit (ISO 7064 MOD 11-2), a real birth date and a province code that exists.
class IdNumberPayload : public PayloadVerifier {
  public:
    bool recognises(std::string_view payload) const override;
    Result<Identity> verify(std::string_view payload, int64_t nowSeconds) override;
};

}  // namespace hall

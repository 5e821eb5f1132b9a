#pragma once
#include <memory>

#include "identity/PayloadVerifier.h"

namespace hall {

// Asks the central service about an opaque token (docs/identity-codes.md, "Online tokens"):
// the terminal learns the masked identity and its keyed hash, never the number itself.
class OnlineIdentityCheck {
  public:
    virtual ~OnlineIdentityCheck() = default;
    virtual Result<Identity> check(std::string_view token, int64_t nowSeconds) = 0;
};

// An opaque token (HOT1.<token>, base64url) that only the central service can resolve, such
// as a city app's dynamic code.
class OnlineTokenPayload : public PayloadVerifier {
  public:
    explicit OnlineTokenPayload(std::shared_ptr<OnlineIdentityCheck> central)
        : central_(std::move(central)) {}

    bool recognises(std::string_view payload) const override;
    Result<Identity> verify(std::string_view payload, int64_t nowSeconds) override;

  private:
    std::shared_ptr<OnlineIdentityCheck> central_;  // null while no central service is set up
};

}  // namespace hall

#pragma once
#include <memory>
#include <string>
#include <vector>

#include "identity/OnlineTokenPayload.h"
#include "identity/PayloadVerifier.h"
#include "identity/SeenNonces.h"
#include "identity/SignedIdentityCode.h"

namespace hall {

// Everything a scanned QR code can be, checked in one place: first what every payload must
// be (not empty, at most 4 KB, UTF-8 text), then the one kind whose shape it has. Nothing is
// stored and nothing of the payload is logged here; the caller keeps what it needs of the
// verified Identity (hashes and masked forms) and lets the rest be wiped.
class IdentityVerifier {
  public:
    static constexpr size_t kMaxPayloadBytes = 4096;

    IdentityVerifier(IssuerKeys issuers, std::string hallId,
                     std::shared_ptr<OnlineIdentityCheck> central = nullptr);

    Result<Identity> verify(std::string_view payload, int64_t nowSeconds);

  private:
    SeenNonces seen_;
    std::vector<std::unique_ptr<PayloadVerifier>> kinds_;
};

}  // namespace hall

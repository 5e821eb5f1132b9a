#pragma once
#include <cstdint>
#include <string_view>

#include "Result.h"
#include "identity/Identity.h"

namespace hall {

// One kind of identity payload a QR code can carry: whether a payload is of this kind (by its
// shape alone), and if so, whether it is valid now. Errors carry an `identity.*` code and a
// message in plain words that never repeats the payload (it may reach a log).
class PayloadVerifier {
  public:
    virtual ~PayloadVerifier() = default;
    virtual bool recognises(std::string_view payload) const = 0;
    virtual Result<Identity> verify(std::string_view payload, int64_t nowSeconds) = 0;
};

}  // namespace hall

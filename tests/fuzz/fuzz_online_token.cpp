// Online tokens: only well-formed tokens may ever be sent to the central service.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "identity/OnlineTokenPayload.h"

namespace {

class Central : public hall::OnlineIdentityCheck {
  public:
    hall::Result<hall::Identity> check(std::string_view token, int64_t) override {
        if (token.size() < 16 || token.size() > 1024)
            std::abort();
        for (char c : token) {
            const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok)
                std::abort();
        }
        return hall::fail("identity.online_refused", "unknown token");
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    hall::OnlineTokenPayload payload(std::make_shared<Central>());
    if (payload.recognises(input))
        (void)payload.verify(input, 0);
    return 0;
}

// Whatever a scanner reads: the terminal's front door for every kind.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "identity/IdentityVerifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static hall::IdentityVerifier verifier({}, "fuzz-hall");
    const std::string input(reinterpret_cast<const char*>(data), size);
    auto r = verifier.verify(input, 1795000000);
    if (!r && (r.error().code.rfind("identity.", 0) != 0 || r.message().empty()))
        std::abort();
    return 0;
}

// Bare ID card numbers (GB 11643).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "identity/IdNumberPayload.h"
#include "identity/ResidentId.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    hall::IdNumberPayload payload;
    if (payload.recognises(input)) {
        auto r = payload.verify(input, 0);
        if (r && (r->idNumber.size() != 18 || r->maskedId.find('*') == std::string::npos))
            std::abort();
    }
    auto checked = hall::checkIdNumber(input);
    if (checked && checked->size() != 18)
        std::abort();
    (void)hall::maskIdNumber(input);
    return 0;
}

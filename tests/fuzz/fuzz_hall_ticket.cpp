// The hall's own ticket codes.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "identity/HallTicketPayload.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    hall::HallTicketPayload payload("fuzz-hall");
    if (payload.recognises(input)) {
        auto r = payload.verify(input, 0);
        if (r && (r->hallId != "fuzz-hall" || r->ticketId.size() != 32 || !r->idNumber.empty()))
            std::abort();
    }
    return 0;
}

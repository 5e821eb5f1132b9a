#include "crypto/Random.h"

#include <sys/random.h>

#include <cerrno>
#include <stdexcept>
#include <vector>

namespace hall {

std::string randomHex(size_t bytes) {
    std::vector<unsigned char> buf(bytes);
    size_t filled = 0;
    while (filled < bytes) {
        const ssize_t n = getrandom(buf.data() + filled, bytes - filled, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw std::runtime_error("getrandom failed: the kernel has no random source");
        }
        filled += static_cast<size_t>(n);
    }
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes * 2);
    for (unsigned char b : buf) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0xF]);
    }
    return out;
}

}  // namespace hall

#pragma once
#include <string>

namespace hall {

// Hex text of `bytes` bytes from the kernel's CSPRNG (getrandom), for ids nobody may guess.
std::string randomHex(size_t bytes);

}  // namespace hall

#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace hall {

// URL-safe base64 without padding (RFC 4648 §5), the alphabet that travels in QR codes and
// URLs unchanged (libsodium).
std::string base64UrlEncode(std::string_view bytes);
std::optional<std::string> base64UrlDecode(std::string_view text);

}  // namespace hall

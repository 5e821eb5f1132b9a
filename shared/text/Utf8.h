#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hall::utf8 {

// Decodes UTF-8 into code points; nullopt when the bytes are not valid UTF-8 (overlong forms,
// surrogates and truncated sequences included), so callers can refuse bad input with a reason.
std::optional<std::vector<char32_t>> decode(std::string_view text);

void append(std::string& out, char32_t codepoint);
std::string encode(const std::vector<char32_t>& codepoints);

bool isValid(std::string_view text);

// At most `maxCodepoints` characters of the text, never cutting one in half; empty when the
// text is not UTF-8.
std::string truncate(std::string_view text, size_t maxCodepoints);

// The text with every byte that is not part of a UTF-8 character replaced by U+FFFD: text from
// outside (an error page from a proxy, a header) made safe to keep, show and send as JSON.
std::string sanitize(std::string_view text);

// At most `maxBytes` bytes of the text, sanitised, never cutting a character in half.
std::string truncateBytes(std::string_view text, size_t maxBytes);

}  // namespace hall::utf8

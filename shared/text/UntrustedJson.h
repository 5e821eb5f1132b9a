#pragma once
#include <nlohmann/json.hpp>

#include <string_view>

namespace hall {

// JSON from outside nests no deeper than this. nlohmann::json parses deep nesting without
// trouble but serialises and destroys it recursively: a 600 KB body nested 100,000 deep
// overflows the stack of whoever writes it out again.
inline constexpr int kMaxJsonDepth = 32;

// Parses JSON that came from outside (a request, an answer, a stored copy of either): a
// discarded value when it is not JSON or nests deeper than `maxDepth`.
nlohmann::json parseUntrustedJson(std::string_view text, int maxDepth = kMaxJsonDepth);

// JSON text for anything, even a value holding bytes that are not UTF-8 (replaced by U+FFFD):
// writing out what was received must never throw.
std::string dumpJson(const nlohmann::json& value);

}  // namespace hall

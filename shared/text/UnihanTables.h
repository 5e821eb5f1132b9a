#pragma once
// Tables generated at build time from the Unicode Han database (tools/unihan).
#include <cstddef>
#include <cstdint>

namespace hall::unihan {

struct Reading {
    uint32_t codepoint;
    uint16_t syllables[4];  // indices into kSyllables, plus one; 0 ends the list
};
struct Variant {
    uint32_t from;
    uint32_t to;
};

extern const char* const kSyllables[];
extern const size_t kSyllableCount;
extern const Reading kReadings[];  // sorted by code point
extern const size_t kReadingCount;
extern const Variant kSimplified[];  // traditional → simplified, sorted by `from`
extern const size_t kSimplifiedCount;

}  // namespace hall::unihan

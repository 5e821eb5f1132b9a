#include "text/Utf8.h"

namespace hall::utf8 {

namespace {

// The code point at text[i] and its length in bytes; 0 when the bytes there are not UTF-8
// (overlong forms, surrogates and truncated sequences included).
size_t decodeAt(std::string_view text, size_t i, char32_t& cp) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        cp = lead;
        return 1;
    }
    if ((lead & 0xE0) == 0xC0) {
        extra = 1;
        cp = lead & 0x1F;
        minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        extra = 2;
        cp = lead & 0x0F;
        minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        extra = 3;
        cp = lead & 0x07;
        minimum = 0x10000;
    } else {
        return 0;
    }
    if (i + extra >= text.size())
        return 0;
    for (size_t k = 1; k <= extra; ++k) {
        const auto cont = static_cast<unsigned char>(text[i + k]);
        if ((cont & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (cont & 0x3F);
    }
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return 1 + extra;
}

}  // namespace

std::optional<std::vector<char32_t>> decode(std::string_view text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        char32_t cp = 0;
        const size_t n = decodeAt(text, i, cp);
        if (n == 0)
            return std::nullopt;
        out.push_back(cp);
        i += n;
    }
    return out;
}

void append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string encode(const std::vector<char32_t>& codepoints) {
    std::string out;
    for (char32_t cp : codepoints)
        append(out, cp);
    return out;
}

bool isValid(std::string_view text) {
    return decode(text).has_value();
}

std::string truncate(std::string_view text, size_t maxCodepoints) {
    auto cps = decode(text);
    if (!cps)
        return {};
    if (cps->size() > maxCodepoints)
        cps->resize(maxCodepoints);
    return encode(*cps);
}

std::string sanitize(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        char32_t cp = 0;
        const size_t n = decodeAt(text, i, cp);
        if (n == 0) {
            append(out, 0xFFFD);
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string truncateBytes(std::string_view text, size_t maxBytes) {
    std::string clean = sanitize(text);
    if (clean.size() <= maxBytes)
        return clean;
    size_t end = maxBytes;
    // Back to the start of the character that would be cut.
    while (end > 0 && (static_cast<unsigned char>(clean[end]) & 0xC0) == 0x80)
        --end;
    clean.resize(end);
    return clean;
}

}  // namespace hall::utf8

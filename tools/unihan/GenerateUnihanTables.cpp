// Generates shared/text/UnihanTables (in the build folder) from the Unicode Han database:
//   - toneless pinyin readings of every BMP CJK character: kMandarin first, then the other
//     modern readings in kHanyuPinlu and kXHC1983 (heteronyms: 行 xing/hang, 长 zhang/chang);
//     ü is written v, as pinyin keyboards do;
//   - traditional → simplified (kSimplifiedVariant), so 證明 matches 证明.
// Usage: generate_unihan_tables READINGS.txt.bz2 VARIANTS.txt.bz2 OUTPUT.cpp
#include <bzlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string readBzip2(const char* path) {
    FILE* f = std::fopen(path, "rb");
    if (!f) {
        std::fprintf(stderr, "%s: cannot open (is the unicode-data package installed?)\n", path);
        std::exit(1);
    }
    int err = 0;
    BZFILE* bz = BZ2_bzReadOpen(&err, f, 0, 0, nullptr, 0);
    std::string out;
    char buf[1 << 16];
    while (err == BZ_OK) {
        const int n = BZ2_bzRead(&err, bz, buf, sizeof buf);
        if (n > 0)
            out.append(buf, static_cast<size_t>(n));
    }
    if (err != BZ_STREAM_END) {
        std::fprintf(stderr, "%s: not a readable bzip2 file\n", path);
        std::exit(1);
    }
    BZ2_bzReadClose(&err, bz);
    std::fclose(f);
    return out;
}

// Decodes one UTF-8 code point at s[i], advancing i.
char32_t next(const std::string& s, size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : 3;
    char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k <= extra && i + k < s.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += 1 + static_cast<size_t>(extra);
    return cp;
}

// "zhǎng" → "zhang", "lǜ" → "lv"; empty if it holds something else.
std::string toneless(const std::string& reading) {
    static const std::map<char32_t, char> plain{
        {U'ā', 'a'}, {U'á', 'a'}, {U'ǎ', 'a'}, {U'à', 'a'}, {U'ō', 'o'}, {U'ó', 'o'},
        {U'ǒ', 'o'}, {U'ò', 'o'}, {U'ē', 'e'}, {U'é', 'e'}, {U'ě', 'e'}, {U'è', 'e'},
        {U'ê', 'e'}, {U'ī', 'i'}, {U'í', 'i'}, {U'ǐ', 'i'}, {U'ì', 'i'}, {U'ū', 'u'},
        {U'ú', 'u'}, {U'ǔ', 'u'}, {U'ù', 'u'}, {U'ü', 'v'}, {U'ǖ', 'v'}, {U'ǘ', 'v'},
        {U'ǚ', 'v'}, {U'ǜ', 'v'}, {U'ń', 'n'}, {U'ň', 'n'}, {U'ǹ', 'n'}, {U'ḿ', 'm'}};
    std::string out;
    for (size_t i = 0; i < reading.size();) {
        const char32_t cp = next(reading, i);
        if (cp >= U'a' && cp <= U'z') {
            out.push_back(static_cast<char>(cp));
        } else if (auto it = plain.find(cp); it != plain.end()) {
            out.push_back(it->second);
        } else if (cp >= 0x300 && cp <= 0x36F) {
            continue;  // a combining tone mark
        } else {
            return {};
        }
    }
    return out;
}

char32_t parseCodepoint(const std::string& field) {
    return static_cast<char32_t>(std::strtoul(field.c_str() + 2, nullptr, 16));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s READINGS.txt.bz2 VARIANTS.txt.bz2 OUTPUT.cpp\n", argv[0]);
        return 2;
    }
    // code point → readings, in order of preference, without repeats
    std::map<char32_t, std::vector<std::string>> readings;
    std::map<char32_t, std::map<int, std::vector<std::string>>> bySource;
    {
        std::istringstream in(readBzip2(argv[1]));
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#')
                continue;
            std::istringstream fields(line);
            std::string code, key, value;
            std::getline(fields, code, '\t');
            std::getline(fields, key, '\t');
            std::getline(fields, value);
            const char32_t cp = parseCodepoint(code);
            if (cp < 0x3400 || cp > 0xFFFF)
                continue;
            const int rank = key == "kMandarin"     ? 0
                             : key == "kHanyuPinlu" ? 1
                             : key == "kXHC1983"    ? 2
                                                    : -1;
            if (rank < 0)
                continue;
            std::istringstream words(value);
            std::string w;
            while (words >> w) {
                if (rank == 1)
                    w = w.substr(0, w.find('('));  // lè(283): reading(frequency)
                if (rank == 2)
                    w = w.substr(w.find(':') + 1);  // 0683.040:lè
                std::istringstream alternatives(w);
                std::string r;
                while (std::getline(alternatives, r, ',')) {
                    const std::string plain = toneless(r);
                    if (!plain.empty())
                        bySource[cp][rank].push_back(plain);
                }
            }
        }
    }
    for (const auto& [cp, sources] : bySource) {
        auto& list = readings[cp];
        for (const auto& [rank, rs] : sources) {
            for (const auto& r : rs) {
                if (std::find(list.begin(), list.end(), r) == list.end() && list.size() < 4)
                    list.push_back(r);
            }
        }
    }
    std::vector<std::pair<char32_t, char32_t>> simplified;
    {
        std::istringstream in(readBzip2(argv[2]));
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#')
                continue;
            std::istringstream fields(line);
            std::string code, key, value;
            std::getline(fields, code, '\t');
            std::getline(fields, key, '\t');
            std::getline(fields, value);
            if (key != "kSimplifiedVariant")
                continue;
            const char32_t from = parseCodepoint(code);
            const char32_t to = parseCodepoint(value.substr(0, value.find(' ')));
            if (from != to && from <= 0xFFFF && to <= 0xFFFF)
                simplified.emplace_back(from, to);
        }
    }

    std::set<std::string> syllableSet;
    for (const auto& [cp, list] : readings)
        syllableSet.insert(list.begin(), list.end());
    const std::vector<std::string> syllables(syllableSet.begin(), syllableSet.end());
    std::map<std::string, int> index;
    for (size_t i = 0; i < syllables.size(); ++i)
        index[syllables[i]] = static_cast<int>(i);

    std::ofstream out(argv[3]);
    out << "// Generated at build time by tools/unihan/GenerateUnihanTables.cpp from Debian's "
           "unicode-data\n"
           "// (Unihan_Readings, Unihan_Variants). Do not edit.\n"
           "#include \"text/UnihanTables.h\"\n\nnamespace hall::unihan {\n\n";
    out << "const char* const kSyllables[] = {";
    for (size_t i = 0; i < syllables.size(); ++i)
        out << (i % 12 ? " " : "\n    ") << '"' << syllables[i] << "\",";
    out << "\n};\nconst size_t kSyllableCount = " << syllables.size() << ";\n\n";
    out << "const Reading kReadings[] = {";
    size_t n = 0;
    for (const auto& [cp, list] : readings) {
        out << (n++ % 4 ? " " : "\n    ") << "{0x" << std::hex << static_cast<uint32_t>(cp)
            << std::dec << ", {";
        for (size_t k = 0; k < 4; ++k)
            out << (k ? ", " : "") << (k < list.size() ? index[list[k]] + 1 : 0);
        out << "}},";
    }
    out << "\n};\nconst size_t kReadingCount = " << readings.size() << ";\n\n";
    out << "const Variant kSimplified[] = {";
    std::sort(simplified.begin(), simplified.end());
    for (size_t i = 0; i < simplified.size(); ++i) {
        out << (i % 6 ? " " : "\n    ") << "{0x" << std::hex
            << static_cast<uint32_t>(simplified[i].first) << ", 0x"
            << static_cast<uint32_t>(simplified[i].second) << std::dec << "},";
    }
    out << "\n};\nconst size_t kSimplifiedCount = " << simplified.size()
        << ";\n\n}  // namespace hall::unihan\n";
    std::fprintf(stderr,
                 "unihan: %zu characters with readings, %zu syllables, %zu simplified forms\n",
                 readings.size(), syllables.size(), simplified.size());
    return out ? 0 : 1;
}

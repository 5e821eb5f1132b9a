#include "kioskctl/FontsCheck.h"

#include <cstdio>

#include "i18n/ShownStrings.h"
#include "platform/FontSet.h"
#include "text/Utf8.h"

namespace hall {

Result<FontCoverage> fontCoverage(const HallConfig& config) {
    auto tr = Translations::load(config.assetsDir / "i18n", config.languages);
    if (!tr)
        return tr.error();
    auto face = locateKioskFont(FontWeight::Regular);
    if (!face)
        return face.error();
    auto strings = stringsTheUiCanShow(config, *tr);
    if (!config.proofs.catalog.empty()) {
        auto catalog = loadProofCatalog(config.proofs.catalog);
        if (!catalog)
            return catalog.error();
        auto more = stringsOfProofCatalog(*catalog);
        strings.insert(strings.end(), more.begin(), more.end());
    }
    const auto all = codepointsOf(strings);
    const auto bad = unrenderable(all, *face);
    FontCoverage coverage{face->family, face->file, strings.size(), all.size(), {}};
    for (const auto& s : strings) {
        auto cps = utf8::decode(s.text);
        if (!cps)
            continue;
        std::string missing;
        for (char32_t cp : *cps) {
            if (!bad.count(cp))
                continue;
            char code[16];
            std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
            std::string glyph;
            utf8::append(glyph, cp);
            missing += (missing.empty() ? "" : ", ") + std::string("'") + glyph + "' " + code;
        }
        if (!missing.empty())
            coverage.problems.push_back(s.source + ": \"" + s.text + "\": no glyph for " + missing);
    }
    return coverage;
}

int runFontsCheck(const std::filesystem::path& configFile) {
    auto config = loadHallConfig(configFile);
    if (!config) {
        std::fprintf(stderr, "%s\n", config.message().c_str());
        return 2;
    }
    auto coverage = fontCoverage(*config);
    if (!coverage) {
        std::fprintf(stderr, "%s\n", coverage.message().c_str());
        return 2;
    }
    for (const auto& p : coverage->problems)
        std::printf("%s\n", p.c_str());
    if (!coverage->problems.empty()) {
        std::printf(
            "%zu string(s) would show missing glyphs with %s (%s); change the text or "
            "the font\n",
            coverage->problems.size(), coverage->family.c_str(), coverage->file.c_str());
        return 1;
    }
    std::printf("ok: %zu strings, %zu distinct characters, all drawable with %s (%s)\n",
                coverage->strings, coverage->characters, coverage->family.c_str(),
                coverage->file.c_str());
    return 0;
}

}  // namespace hall

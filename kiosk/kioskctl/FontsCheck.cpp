#include "kioskctl/FontsCheck.h"

#include <cstdio>

#include "config/HallConfig.h"
#include "i18n/ShownStrings.h"
#include "platform/FontSet.h"
#include "text/Utf8.h"

namespace hall {

int runFontsCheck(const std::filesystem::path& configFile) {
    auto config = loadHallConfig(configFile);
    if (!config) {
        std::fprintf(stderr, "%s\n", config.message().c_str());
        return 2;
    }
    auto tr = Translations::load(config->assetsDir / "i18n", config->languages);
    if (!tr) {
        std::fprintf(stderr, "%s\n", tr.message().c_str());
        return 2;
    }
    auto face = locateKioskFont(FontWeight::Regular);
    if (!face) {
        std::fprintf(stderr, "%s\n", face.message().c_str());
        return 2;
    }
    auto strings = stringsTheUiCanShow(*config, *tr);
    if (!config->proofs.catalog.empty()) {
        auto catalog = loadProofCatalog(config->proofs.catalog);
        if (!catalog) {
            std::fprintf(stderr, "%s\n", catalog.message().c_str());
            return 2;
        }
        auto more = stringsOfProofCatalog(*catalog);
        strings.insert(strings.end(), more.begin(), more.end());
    }
    const auto all = codepointsOf(strings);
    const auto bad = unrenderable(all, *face);
    int badStrings = 0;
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
        if (!missing.empty()) {
            ++badStrings;
            std::printf("%s: \"%s\": no glyph for %s\n", s.source.c_str(), s.text.c_str(),
                        missing.c_str());
        }
    }
    if (badStrings > 0) {
        std::printf(
            "%d string(s) would show missing glyphs with %s (%s); change the text or "
            "the font\n",
            badStrings, face->family.c_str(), face->file.c_str());
        return 1;
    }
    std::printf("ok: %zu strings, %zu distinct characters, all drawable with %s (%s)\n",
                strings.size(), all.size(), face->family.c_str(), face->file.c_str());
    return 0;
}

}  // namespace hall

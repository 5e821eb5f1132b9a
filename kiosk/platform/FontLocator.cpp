#include "platform/FontLocator.h"

#include <fontconfig/fontconfig.h>

namespace hall {

std::set<char32_t> FontFace::missing(const std::set<char32_t>& wanted) const {
    std::set<char32_t> out;
    auto* cs = static_cast<FcCharSet*>(charset.get());
    for (char32_t cp : wanted) {
        if (cp < 0x20)
            continue;
        if (!cs || !FcCharSetHasChar(cs, cp))
            out.insert(cp);
    }
    return out;
}

Result<FontFace> locateKioskFont(FontWeight weight) {
    // A private configuration, destroyed below: fontconfig's process-wide default would stay
    // allocated until exit.
    FcConfig* config = FcInitLoadConfigAndFonts();
    if (!config)
        return fail("fontconfig cannot start: is libfontconfig configured?");
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>("Noto Sans CJK SC"));
    FcPatternAddString(pattern, FC_LANG, reinterpret_cast<const FcChar8*>("zh-cn"));
    FcPatternAddInteger(pattern, FC_WEIGHT,
                        weight == FontWeight::Bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(config, pattern, &result);
    FcPatternDestroy(pattern);
    FcConfigDestroy(config);
    if (!match)
        return fail("fontconfig found no font at all; install fonts-noto-cjk");

    FontFace face;
    FcChar8* file = nullptr;
    FcChar8* family = nullptr;
    int index = 0;
    FcCharSet* cs = nullptr;
    if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
        face.file = reinterpret_cast<const char*>(file);
    }
    if (FcPatternGetString(match, FC_FAMILY, 0, &family) == FcResultMatch) {
        face.family = reinterpret_cast<const char*>(family);
    }
    if (FcPatternGetInteger(match, FC_INDEX, 0, &index) == FcResultMatch)
        face.index = index;
    if (FcPatternGetCharSet(match, FC_CHARSET, 0, &cs) == FcResultMatch) {
        face.charset = std::shared_ptr<void>(
            FcCharSetCopy(cs), [](void* p) { FcCharSetDestroy(static_cast<FcCharSet*>(p)); });
    }
    FcPatternDestroy(match);

    // 综合服务大厅: if fontconfig fell back to a Latin font, these are missing.
    const std::set<char32_t> probe{U'综', U'合', U'服', U'务', U'大', U'厅'};
    if (face.file.empty() || !face.missing(probe).empty()) {
        return fail("no Chinese font found (fontconfig offered \"" + face.family +
                    "\"); install the Debian package fonts-noto-cjk");
    }
    return face;
}

}  // namespace hall

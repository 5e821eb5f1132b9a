#pragma once
#include <set>
#include <string>
#include <vector>

#include "config/HallConfig.h"
#include "i18n/Translations.h"
#include "proofs/ProofCatalog.h"

namespace hall {

// A string the UI can put on screen, and where it comes from (for `kioskctl fonts check`).
struct ShownString {
    std::string
        source;  // "assets/i18n/ko.toml: attract.choose" or "config/hall.toml: services[0].name.ko"
    std::string text;
};

// Every string the resident screens can show: all translations, all config data, and the
// characters of generated text (digits, ticket letters, clock). The font's glyph set is built
// from exactly these, instead of a fixed range that misses characters such as 综.
std::vector<ShownString> stringsTheUiCanShow(const HallConfig& config,
                                             const Translations& translations);

// Every text of a proof catalogue a screen can show, synonyms included: the on-screen keyboard
// offers their characters as pinyin candidates.
std::vector<ShownString> stringsOfProofCatalog(const ProofCatalog& catalog);

std::set<char32_t> codepointsOf(const std::vector<ShownString>& strings);

}  // namespace hall

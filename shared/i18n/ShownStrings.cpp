#include "i18n/ShownStrings.h"

#include "text/Utf8.h"

namespace hall {

std::vector<ShownString> stringsTheUiCanShow(const HallConfig& config, const Translations& tr) {
    std::vector<ShownString> out;
    const std::string configFile = config.sourceFile.string();
    for (const auto& e : tr.entries()) {
        out.push_back({"i18n " + e.language + ": " + e.key, e.text});
    }
    for (const auto& [lang, name] : config.hallName.byLanguage) {
        out.push_back({configFile + ": hall.name." + lang, name});
    }
    for (size_t i = 0; i < config.services.size(); ++i) {
        const auto& s = config.services[i];
        for (const auto& [lang, name] : s.name.byLanguage) {
            out.push_back(
                {configFile + ": services[" + std::to_string(i) + "].name." + lang, name});
        }
        out.push_back(
            {configFile + ": services[" + std::to_string(i) + "].hours", s.hours.describe()});
    }
    // Generated text: ticket numbers, counts, times and dates are ASCII; so are the technical
    // details shown to staff.
    std::string ascii;
    for (char c = 0x20; c < 0x7F; ++c)
        ascii.push_back(c);
    out.push_back({"generated text (ASCII)", ascii});
    return out;
}

std::vector<ShownString> stringsOfProofCatalog(const ProofCatalog& catalog) {
    std::vector<ShownString> out;
    const std::string file = catalog.sourceFile.string();
    auto add = [&](const std::string& where, const LocalizedText& t) {
        for (const auto& [lang, text] : t.byLanguage)
            out.push_back({file + ": " + where + "." + lang, text});
    };
    add("catalog.title", catalog.title);
    for (const auto& c : catalog.categories)
        add("categories." + c.id + ".name", c.name);
    for (const auto& item : catalog.items) {
        const std::string at = "items." + item.id;
        for (const auto& [key, text] :
             {std::pair{"name", &item.name}, std::pair{"why", &item.why},
              std::pair{"handled_by", &item.handledBy}, std::pair{"replaced_by", &item.replacedBy},
              std::pair{"certifies", &item.certifies}, std::pair{"conditions", &item.conditions},
              std::pair{"time_needed", &item.timeNeeded}}) {
            add(at + "." + key, *text);
        }
        for (const auto& m : item.materials)
            add(at + ".materials", m);
        for (const auto& s : item.synonyms)
            out.push_back({file + ": " + at + ".synonyms", s});
        // The words that matched are shown when the screen asks which item is meant.
        for (const auto& s : item.situations)
            out.push_back({file + ": " + at + ".situations", s.text + "、"});
        out.push_back({file + ": " + at + ".basis", item.basis});
    }
    return out;
}

std::set<char32_t> codepointsOf(const std::vector<ShownString>& strings) {
    std::set<char32_t> out;
    for (const auto& s : strings) {
        if (auto cps = utf8::decode(s.text))
            out.insert(cps->begin(), cps->end());
    }
    return out;
}

}  // namespace hall

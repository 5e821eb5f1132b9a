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

std::set<char32_t> codepointsOf(const std::vector<ShownString>& strings) {
    std::set<char32_t> out;
    for (const auto& s : strings) {
        if (auto cps = utf8::decode(s.text))
            out.insert(cps->begin(), cps->end());
    }
    return out;
}

}  // namespace hall

#pragma once
#include <map>
#include <string>

namespace hall {

// A piece of config data shown to residents, in each language the hall offers.
struct LocalizedText {
    std::map<std::string, std::string> byLanguage;

    // Falls back to the hall's default language, so a missing Korean name still shows something.
    const std::string& in(const std::string& language, const std::string& fallback) const;
};

}  // namespace hall

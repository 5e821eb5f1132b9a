#include "config/LocalizedText.h"

namespace hall {

const std::string& LocalizedText::in(const std::string& language,
                                     const std::string& fallback) const {
    if (auto it = byLanguage.find(language); it != byLanguage.end())
        return it->second;
    if (auto it = byLanguage.find(fallback); it != byLanguage.end())
        return it->second;
    static const std::string empty;
    return byLanguage.empty() ? empty : byLanguage.begin()->second;
}

}  // namespace hall

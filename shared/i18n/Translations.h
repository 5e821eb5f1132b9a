#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "Result.h"

namespace hall {

// The UI's words in every language, loaded from assets/i18n/<language>.toml. zh-CN is the
// reference: every other language must have exactly its keys and the same {placeholders}, so a
// resident never meets a raw key or a half-translated sentence.
class Translations {
  public:
    using Args = std::vector<std::pair<std::string_view, std::string>>;

    static Result<Translations> load(const std::filesystem::path& dir,
                                     const std::vector<std::string>& languages);

    const std::string& text(const std::string& language, std::string_view key) const;
    std::string format(const std::string& language, std::string_view key, const Args& args) const;

    bool has(const std::string& language) const { return byLanguage_.count(language) > 0; }
    bool contains(std::string_view key) const;
    struct Entry {
        std::string language;
        std::string key;
        std::string text;
    };
    // Every string in every language, for building the font's glyph set.
    std::vector<Entry> entries() const;
    std::vector<std::string> keys() const;

    static constexpr const char* kReference = "zh-CN";

  private:
    std::map<std::string, std::map<std::string, std::string, std::less<>>> byLanguage_;
};

// Replaces {name} with its value; unknown placeholders are left as written.
std::string substitute(std::string_view pattern, const Translations::Args& args);

}  // namespace hall

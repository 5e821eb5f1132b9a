#include "i18n/Translations.h"

#include <regex>
#include <set>

#include "config/TomlSection.h"

namespace hall {

namespace {

void flatten(const toml::table& table, const std::string& prefix,
             std::map<std::string, std::string, std::less<>>& out, ConfigProblems& problems) {
    for (const auto& [k, node] : table) {
        const std::string key =
            prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
        if (const toml::table* sub = node.as_table()) {
            flatten(*sub, key, out, problems);
        } else if (node.is_string()) {
            out[key] = *node.value<std::string>();
        } else {
            problems.add(node.source(), key, "must be a text string");
        }
    }
}

std::set<std::string> placeholders(const std::string& text) {
    static const std::regex pattern(R"(\{([a-z_]+)\})");
    std::set<std::string> out;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
         it != std::sregex_iterator(); ++it) {
        out.insert((*it)[1]);
    }
    return out;
}

}  // namespace

std::string substitute(std::string_view pattern, const Translations::Args& args) {
    std::string out;
    size_t i = 0;
    while (i < pattern.size()) {
        if (pattern[i] == '{') {
            const size_t close = pattern.find('}', i);
            if (close != std::string_view::npos) {
                const std::string_view name = pattern.substr(i + 1, close - i - 1);
                bool replaced = false;
                for (const auto& [argName, value] : args) {
                    if (argName == name) {
                        out += value;
                        replaced = true;
                        break;
                    }
                }
                if (replaced) {
                    i = close + 1;
                    continue;
                }
            }
        }
        out.push_back(pattern[i++]);
    }
    return out;
}

Result<Translations> Translations::load(const std::filesystem::path& dir,
                                        const std::vector<std::string>& languages) {
    Translations out;
    std::vector<std::string> wanted{kReference};
    for (const auto& l : languages) {
        if (l != kReference)
            wanted.push_back(l);
    }
    std::string errors;
    for (const auto& lang : wanted) {
        const auto file = dir / (lang + ".toml");
        auto text = readTextFile(file);
        if (!text) {
            errors += (errors.empty() ? "" : "\n") + text.message();
            continue;
        }
        ConfigProblems problems(file);
        auto doc = parseToml(*text, problems);
        std::map<std::string, std::string, std::less<>> strings;
        if (doc)
            flatten(*doc, "", strings, problems);
        if (lang != kReference && out.byLanguage_.count(kReference)) {
            const auto& ref = out.byLanguage_.at(kReference);
            for (const auto& [key, value] : ref) {
                auto it = strings.find(key);
                if (it == strings.end()) {
                    problems.addAtLine(
                        0, key, "missing; " + std::string(kReference) + " has \"" + value + "\"");
                } else if (placeholders(it->second) != placeholders(value)) {
                    problems.addAtLine(0, key,
                                       "must use the same {placeholders} as " +
                                           std::string(kReference) + " (\"" + value + "\")");
                }
            }
            for (const auto& [key, value] : strings) {
                if (!ref.count(key)) {
                    problems.addAtLine(
                        0, key,
                        "is not a key of " + std::string(kReference) + " (misspelt or obsolete)");
                }
            }
        }
        if (!problems.empty()) {
            errors += (errors.empty() ? "" : "\n") + problems.toError().message;
            continue;
        }
        out.byLanguage_[lang] = std::move(strings);
    }
    if (!errors.empty())
        return fail(errors);
    return out;
}

const std::string& Translations::text(const std::string& language, std::string_view key) const {
    auto byLang = byLanguage_.find(language);
    if (byLang != byLanguage_.end()) {
        if (auto it = byLang->second.find(key); it != byLang->second.end())
            return it->second;
    }
    auto ref = byLanguage_.find(kReference);
    if (ref != byLanguage_.end()) {
        if (auto it = ref->second.find(key); it != ref->second.end())
            return it->second;
    }
    static const std::string missing = "?";
    return missing;
}

bool Translations::contains(std::string_view key) const {
    auto ref = byLanguage_.find(kReference);
    return ref != byLanguage_.end() && ref->second.find(key) != ref->second.end();
}

std::string Translations::format(const std::string& language, std::string_view key,
                                 const Args& args) const {
    return substitute(text(language, key), args);
}

std::vector<Translations::Entry> Translations::entries() const {
    std::vector<Entry> out;
    for (const auto& [lang, strings] : byLanguage_) {
        for (const auto& [key, value] : strings)
            out.push_back({lang, key, value});
    }
    return out;
}

std::vector<std::string> Translations::keys() const {
    std::vector<std::string> out;
    auto ref = byLanguage_.find(kReference);
    if (ref == byLanguage_.end())
        return out;
    for (const auto& [key, value] : ref->second)
        out.push_back(key);
    return out;
}

}  // namespace hall

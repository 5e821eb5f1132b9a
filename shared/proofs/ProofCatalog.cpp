#include "proofs/ProofCatalog.h"

#include <algorithm>
#include <regex>
#include <set>

#include "config/HallConfig.h"
#include "config/TomlSection.h"
#include "text/Chinese.h"
#include "text/Utf8.h"

namespace hall {

std::string_view decisionCode(ProofDecision d) {
    return d == ProofDecision::Permitted ? "permitted" : "not_issued";
}

bool ProofItem::activeOn(const std::string& day) const {
    return (effectiveFrom.empty() || day >= effectiveFrom) &&
           (effectiveUntil.empty() || day <= effectiveUntil);
}

const ProofItem* ProofCatalog::findItem(const std::string& id) const {
    for (const auto& i : items) {
        if (i.id == id)
            return &i;
    }
    return nullptr;
}

const ProofCategory* ProofCatalog::findCategory(const std::string& id) const {
    for (const auto& c : categories) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

namespace {

bool validDate(const std::string& d) {
    static const std::regex pattern(R"(^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$)");
    return std::regex_match(d, pattern);
}

// A text in every shipped language: zh-CN required; ko and en too where `allLanguages`.
LocalizedText localized(TomlSection& parent, const std::string& key, bool required,
                        bool allLanguages) {
    LocalizedText out;
    auto section = parent.table(key, required);
    if (!section)
        return out;
    for (const auto& lang : supportedLanguages()) {
        const bool needed = lang == "zh-CN" || allLanguages;
        if (auto v = section->text(lang, needed)) {
            if (v->empty()) {
                section->problem(lang, "must not be empty");
            } else {
                out.byLanguage[lang] = *v;
            }
        }
    }
    section->rejectUnknownKeys();
    return out;
}

std::string trimmed(std::string s) {
    const auto first = s.find_first_not_of(' ');
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

std::vector<std::string> split(const std::string& s, char by) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t at = s.find(by); at != std::string::npos; at = s.find(by, start)) {
        out.push_back(trimmed(s.substr(start, at - start)));
        start = at + 1;
    }
    out.push_back(trimmed(s.substr(start)));
    return out;
}

}  // namespace

Result<ProofSituation> parseProofSituation(const std::string& text) {
    constexpr size_t kMostConcepts = 4;
    constexpr size_t kLongestWord = 8;
    ProofSituation out;
    out.text = text;
    for (const auto& part : split(text, '+')) {
        std::vector<std::string> words;
        for (const auto& w : split(part, '|')) {
            auto cps = utf8::decode(w);
            if (w.empty() || !cps) {
                return fail("\"" + text + "\": an empty word (\"+\" joins concepts, \"|\" words)");
            }
            if (cps->size() > kLongestWord)
                return fail("\"" + text + "\": \"" + w + "\" is longer than 8 characters");
            for (char32_t c : *cps) {
                if (!chinese::isHanzi(c))
                    return fail("\"" + text + "\": \"" + w + "\" must be Chinese characters only");
            }
            words.push_back(w);
        }
        out.concepts.push_back(std::move(words));
    }
    if (out.concepts.size() > kMostConcepts)
        return fail("\"" + text + "\": at most 4 concepts");
    return out;
}

Result<ProofCatalog> parseProofCatalog(std::string_view text, const std::filesystem::path& file) {
    ConfigProblems problems(file);
    auto doc = parseToml(text, problems);
    if (!doc)
        return problems.toError();
    ProofCatalog c;
    c.sourceFile = file;
    TomlSection root(*doc, "", problems);
    if (auto cat = root.table("catalog", true)) {
        if (auto id = cat->text("id", true))
            c.id = *id;
        if (auto v = cat->integer("version", true, 1, 1000000))
            c.version = static_cast<int>(*v);
        c.title = localized(*cat, "title", true, false);
        if (auto r = cat->text("region", true))
            c.region = *r;
        if (auto d = cat->text("effective_from", true)) {
            if (!validDate(*d))
                cat->problem("effective_from", "must be a date like \"2026-01-01\"");
            c.effectiveFrom = *d;
        }
        if (auto b = cat->textList("basis", true))
            c.basis = *b;
        if (auto words = cat->textList("other_matters", false)) {
            for (const auto& w : *words) {
                auto cps = utf8::decode(w);
                const bool chinese =
                    cps && !cps->empty() && std::all_of(cps->begin(), cps->end(), chinese::isHanzi);
                if (!chinese)
                    cat->problem("other_matters", "\"" + w + "\" must be Chinese characters only");
            }
            c.otherMatters = *words;
        }
        cat->rejectUnknownKeys();
    }
    for (auto& s : root.tables("categories", true)) {
        ProofCategory category;
        if (auto id = s.text("id", true)) {
            if (c.findCategory(*id))
                s.problem("id", "\"" + *id + "\" is listed twice");
            category.id = *id;
        }
        category.name = localized(s, "name", true, true);
        s.rejectUnknownKeys();
        c.categories.push_back(std::move(category));
    }
    for (auto& s : root.tables("items", true)) {
        ProofItem item;
        if (auto id = s.text("id", true)) {
            static const std::regex pattern(R"(^[A-Z][0-9]{2,4}$)");
            if (!std::regex_match(*id, pattern))
                s.problem("id", "must be a letter and 2–4 digits, like N01 or P12");
            if (c.findItem(*id))
                s.problem("id", "\"" + *id + "\" is listed twice");
            item.id = *id;
        }
        if (auto d = s.text("decision", true)) {
            if (*d == "permitted") {
                item.decision = ProofDecision::Permitted;
            } else if (*d == "not_issued") {
                item.decision = ProofDecision::NotIssued;
            } else {
                s.problem("decision",
                          "must be \"permitted\" or \"not_issued\" (got \"" + *d + "\")");
            }
        }
        if (auto cat = s.text("category", true)) {
            if (!c.findCategory(*cat))
                s.problem("category", "\"" + *cat + "\" is not one of the [[categories]] above");
            item.category = *cat;
        }
        item.name = localized(s, "name", true, true);
        if (auto syn = s.textList("synonyms", false)) {
            for (const auto& w : *syn) {
                if (w.empty())
                    s.problem("synonyms", "must not hold an empty text");
            }
            item.synonyms = *syn;
        }
        if (auto situations = s.textList("situations", false)) {
            for (const auto& text : *situations) {
                if (auto situation = parseProofSituation(text)) {
                    item.situations.push_back(std::move(*situation));
                } else {
                    s.problem("situations", situation.message());
                }
            }
        }
        const bool notIssued = item.decision == ProofDecision::NotIssued;
        item.why = localized(s, "why", notIssued, false);
        item.handledBy = localized(s, "handled_by", notIssued, notIssued);
        item.replacedBy = localized(s, "replaced_by", notIssued, notIssued);
        if (auto d = s.text("department", notIssued))
            item.department = *d;
        if (auto u = s.text("online_service", false)) {
            if (u->rfind("https://", 0) != 0 && u->rfind("http://", 0) != 0)
                s.problem("online_service", "must be a web address");
            item.onlineService = *u;
        }
        item.certifies = localized(s, "certifies", !notIssued, !notIssued);
        item.conditions = localized(s, "conditions", false, false);
        for (auto& m : s.tables("materials", !notIssued)) {
            LocalizedText material;
            for (const auto& lang : supportedLanguages()) {
                if (auto v = m.text(lang, lang == "zh-CN"))
                    material.byLanguage[lang] = *v;
            }
            m.rejectUnknownKeys();
            item.materials.push_back(std::move(material));
        }
        item.timeNeeded = localized(s, "time_needed", !notIssued, false);
        if (auto b = s.text("basis", true))
            item.basis = *b;
        for (auto [key, target] : {std::pair{"source", &item.source},
                                   std::pair{"handling_source", &item.handlingSource}}) {
            if (auto src = s.text(key, std::string(key) == "source")) {
                if (*src != "unverified" && src->rfind("http", 0) != 0) {
                    s.problem(key,
                              "must be the address of the document it was confirmed in, or "
                              "\"unverified\"");
                }
                *target = *src;
            }
        }
        if (item.handlingSource.empty())
            item.handlingSource = "unverified";
        if (auto d = s.text("effective_from", false)) {
            if (!validDate(*d))
                s.problem("effective_from", "must be a date like \"2026-01-01\"");
            item.effectiveFrom = *d;
        }
        if (auto d = s.text("effective_until", false)) {
            if (!validDate(*d))
                s.problem("effective_until", "must be a date like \"2026-12-31\"");
            item.effectiveUntil = *d;
        }
        if (!item.effectiveFrom.empty() && !item.effectiveUntil.empty() &&
            item.effectiveUntil < item.effectiveFrom) {
            s.problem("effective_until", "is before effective_from");
        }
        s.rejectUnknownKeys();
        c.items.push_back(std::move(item));
    }
    root.rejectUnknownKeys();
    if (!problems.empty())
        return problems.toError();
    return c;
}

Result<ProofCatalog> loadProofCatalog(const std::filesystem::path& file) {
    auto text = readTextFile(file);
    if (!text)
        return text.error();
    return parseProofCatalog(*text, file);
}

}  // namespace hall

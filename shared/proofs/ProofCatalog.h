#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "Result.h"
#include "config/LocalizedText.h"

namespace hall {

// May the community (居委会/村委会) issue this proof?
enum class ProofDecision { Permitted, NotIssued };
std::string_view decisionCode(ProofDecision d);

// A life situation that implies an item (一件事): every concept must be in what the resident
// wrote, each in one of its words. "户口|户口本 + 错|改正" is two concepts: 户口本上的生日写错了
// names both. Written by a city's maintainers in the catalogue, so the city can extend it.
struct ProofSituation {
    std::string text;                                // as written in the catalogue
    std::vector<std::vector<std::string>> concepts;  // each: its words, in Chinese characters
};

struct ProofCategory {
    std::string id;
    LocalizedText name;
};

// One proof a resident may ask for, as the catalogue of a city (or the national list of 20 not
// to be issued, 民发〔2020〕20号) describes it. Documented in config/proofs/README.md.
struct ProofItem {
    std::string id;  // N01…: the national list; P01…: the city's permitted list
    ProofDecision decision = ProofDecision::NotIssued;
    std::string category;
    LocalizedText name;
    std::vector<std::string> synonyms;       // what residents call it (zh-CN), for matching
    std::vector<ProofSituation> situations;  // what residents describe when they mean it

    // Not issued by the community: why, who handles it instead, what replaces the proof.
    LocalizedText why;
    LocalizedText handledBy;
    LocalizedText replacedBy;
    std::string department;     // short name, for the daily count per department (减负观测)
    std::string onlineService;  // where to do it online: the referral slip's QR code

    // Permitted: what it certifies, on what conditions, what to bring, how long it takes.
    LocalizedText certifies;
    LocalizedText conditions;
    std::vector<LocalizedText> materials;
    LocalizedText timeNeeded;

    std::string basis;           // the document it comes from
    std::string source;          // where that was confirmed: an address, or "unverified"
    std::string handlingSource;  // the same for who handles it and what replaces it
    std::string effectiveFrom;   // YYYY-MM-DD, inclusive; empty: always
    std::string effectiveUntil;  // YYYY-MM-DD, inclusive; empty: no end

    bool activeOn(const std::string& day) const;
};

struct ProofCatalog {
    std::filesystem::path sourceFile;
    std::string id;
    int version = 0;  // a new version replaces an older one, never the other way round
    LocalizedText title;
    std::string region;
    std::string effectiveFrom;
    std::vector<std::string> basis;
    // What residents ask the hall about that is no proof (物业费, 社保卡…): taken out of what
    // they typed before it is matched, so that it cannot look like a proof's name (物业/无业).
    std::vector<std::string> otherMatters;
    std::vector<ProofCategory> categories;
    std::vector<ProofItem> items;

    const ProofItem* findItem(const std::string& id) const;
    const ProofCategory* findCategory(const std::string& id) const;
};

// Reads and validates a catalogue: every problem as "FILE:LINE: field: what is wrong".
// "词|词 + 词|词": concepts joined by "+", each the words that say it, joined by "|".
Result<ProofSituation> parseProofSituation(const std::string& text);

Result<ProofCatalog> loadProofCatalog(const std::filesystem::path& file);
Result<ProofCatalog> parseProofCatalog(std::string_view text, const std::filesystem::path& file);

}  // namespace hall

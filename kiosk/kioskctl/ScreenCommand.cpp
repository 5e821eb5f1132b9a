#include "kioskctl/ScreenCommand.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "config/HallConfig.h"
#include "proofs/ProofScreener.h"
#include "time/Clock.h"

namespace hall {

namespace {

nlohmann::ordered_json matchJson(const ScreeningMatch& m) {
    return {{"item_id", m.item->id},
            {"item_name", m.item->name.in("zh-CN", "zh-CN")},
            {"decision", std::string(decisionCode(m.item->decision))},
            {"score", std::round(m.score * 1000) / 1000},
            {"words", m.words}};
}

nlohmann::ordered_json resultJson(const ScreeningResult& r) {
    nlohmann::ordered_json j{{"query", r.query},
                             {"decision", std::string(screeningCode(r.decision))}};
    if (r.decision == ScreeningDecision::Unknown || r.decision == ScreeningDecision::Ask) {
        j["item_id"] = nullptr;
        j["item_name"] = nullptr;
        j["score"] =
            r.alternatives.empty() ? 0.0 : std::round(r.alternatives.front().score * 1000) / 1000;
    } else {
        j["item_id"] = r.best.item->id;
        j["item_name"] = r.best.item->name.in("zh-CN", "zh-CN");
        j["score"] = std::round(r.best.score * 1000) / 1000;
        j["words"] = r.best.words;
    }
    j["alternatives"] = nlohmann::ordered_json::array();
    for (const auto& m : r.alternatives)
        j["alternatives"].push_back(matchJson(m));
    // Asking: the items the resident is asked to choose from.
    j["choices"] = nlohmann::ordered_json::array();
    for (const auto& m : r.choices)
        j["choices"].push_back(matchJson(m));
    return j;
}

void printPlain(const ScreeningResult& r) {
    std::string line = r.query + " → " + std::string(screeningCode(r.decision));
    if (r.decision == ScreeningDecision::Ask) {
        line += ":";
        for (const auto& m : r.choices)
            line += " " + m.item->id + " " + m.item->name.in("zh-CN", "zh-CN") + "?";
    } else if (r.decision != ScreeningDecision::Unknown) {
        char score[16];
        std::snprintf(score, sizeof score, "%.2f", r.best.score);
        line += " " + r.best.item->id + " " + r.best.item->name.in("zh-CN", "zh-CN") + " (" +
                score + ")";
    }
    if (!r.alternatives.empty()) {
        line += r.decision == ScreeningDecision::Unknown ? "; perhaps:" : "; also:";
        for (const auto& m : r.alternatives) {
            char score[16];
            std::snprintf(score, sizeof score, "%.2f", m.score);
            line += " " + m.item->id + " " + m.item->name.in("zh-CN", "zh-CN") + " (" + score + ")";
        }
    }
    std::printf("%s\n", line.c_str());
}

std::string optionValue(const std::vector<std::string>& args, const std::string& name,
                        const std::string& fallback) {
    for (size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == name)
            return args[i + 1];
    }
    return fallback;
}

}  // namespace

int runScreen(const std::vector<std::string>& args) {
    std::filesystem::path catalogFile = optionValue(args, "--catalog", "");
    if (catalogFile.empty()) {
        const std::string hallFile = optionValue(args, "--config", "config/hall.toml");
        auto config = loadHallConfig(hallFile);
        if (!config) {
            std::fprintf(stderr,
                         "kioskctl: no --catalog given, and the hall config that would name one "
                         "cannot be used:\n%s\n",
                         config.message().c_str());
            return 2;
        }
        if (config->proofs.catalog.empty()) {
            std::fprintf(stderr, "kioskctl: %s has no [proofs] catalog; give --catalog FILE\n",
                         hallFile.c_str());
            return 2;
        }
        catalogFile = config->proofs.catalog;
    }
    auto catalog = loadProofCatalog(catalogFile);
    if (!catalog) {
        std::fprintf(stderr, "kioskctl: the catalogue cannot be used:\n%s\n",
                     catalog.message().c_str());
        return 2;
    }
    // Items are in force by date; by default, today in China (UTC+8).
    const std::string day =
        optionValue(args, "--day", toHallLocal(SystemClock().now(), 8 * 60).date());
    const ProofScreener screener(*catalog, day);
    const bool json = std::find(args.begin(), args.end(), "--json") != args.end();

    std::vector<std::string> queries;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--catalog" || args[i] == "--config" || args[i] == "--day") {
            ++i;
        } else if (args[i] != "--json") {
            queries.push_back(args[i]);
        }
    }
    if (queries.empty() && !isatty(STDIN_FILENO)) {
        for (std::string line; std::getline(std::cin, line);) {
            if (!line.empty())
                queries.push_back(line);
        }
    }
    if (queries.empty()) {
        std::fprintf(stderr,
                     "%s: catalogue %s version %d is valid: %zu items, %zu in force on %s\n",
                     catalogFile.c_str(), catalog->id.c_str(), catalog->version,
                     catalog->items.size(), screener.activeItems().size(), day.c_str());
        return 0;
    }
    for (const auto& q : queries) {
        const auto r = screener.screen(q);
        if (json) {
            std::printf("%s\n", resultJson(r).dump().c_str());
        } else {
            printPlain(r);
        }
    }
    return 0;
}

}  // namespace hall

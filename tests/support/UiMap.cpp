#include "support/UiMap.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <thread>

namespace hall::test {

const UiTarget* UiState::find(const std::string& id) const {
    for (const auto& t : targets) {
        if (t.id == id)
            return &t;
    }
    return nullptr;
}

std::string UiState::fact(const std::string& key) const {
    auto it = facts.find(key);
    return it == facts.end() ? std::string() : it->second;
}

std::string UiState::describe() const {
    std::string out = "screen=" + screen + " targets=[";
    for (const auto& t : targets)
        out += t.id + " ";
    out += "] facts={";
    for (const auto& [k, v] : facts)
        out += k + ": " + v + "; ";
    return out + "}";
}

std::optional<UiState> readUiMap(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in)
        return std::nullopt;
    const auto json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded())
        return std::nullopt;
    UiState s;
    s.screen = json.value("screen", "");
    s.revision = json.value("revision", 0L);
    if (json.contains("window")) {
        s.windowX = json["window"].value("x", 0);
        s.windowY = json["window"].value("y", 0);
    }
    const auto facts = json.value("facts", nlohmann::json::object());
    for (const auto& [k, v] : facts.items())
        s.facts[k] = v.get<std::string>();
    const auto targets = json.value("targets", nlohmann::json::array());
    for (const auto& t : targets) {
        s.targets.push_back({t.value("id", ""), t.value("label", ""), t.value("x", 0.0),
                             t.value("y", 0.0), t.value("w", 0.0), t.value("h", 0.0)});
    }
    return s;
}

UiState waitForUi(const std::filesystem::path& file,
                  const std::function<bool(const UiState&)>& ready, const std::string& what,
                  std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::optional<UiState> last;
    while (std::chrono::steady_clock::now() < deadline) {
        if (auto s = readUiMap(file)) {
            if (ready(*s))
                return *s;
            last = s;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL("timed out waiting for " << what << "; last UI state: "
                                  << (last ? last->describe() : std::string("no UI map written")));
    return {};
}

UiState waitForScreen(const std::filesystem::path& file, const std::string& screen,
                      std::chrono::milliseconds timeout) {
    return waitForUi(
        file, [&](const UiState& s) { return s.screen == screen; }, "the " + screen + " screen",
        timeout);
}

}  // namespace hall::test

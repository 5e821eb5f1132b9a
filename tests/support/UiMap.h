#pragma once
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hall::test {

// What the kiosk says is on its screen (its --ui-map file): screen name, facts, named targets.
struct UiTarget {
    std::string id;
    std::string label;
    double x = 0, y = 0, w = 0, h = 0;
};

struct UiState {
    std::string screen;
    std::map<std::string, std::string> facts;
    std::vector<UiTarget> targets;
    int windowX = 0;
    int windowY = 0;
    long revision = 0;

    const UiTarget* find(const std::string& id) const;
    std::string fact(const std::string& key) const;
    std::string describe() const;
};

std::optional<UiState> readUiMap(const std::filesystem::path& file);

// Waits until the map satisfies `ready`; fails the test (showing the last state) on timeout.
UiState waitForUi(const std::filesystem::path& file,
                  const std::function<bool(const UiState&)>& ready, const std::string& what,
                  std::chrono::milliseconds timeout = std::chrono::seconds(20));
UiState waitForScreen(const std::filesystem::path& file, const std::string& screen,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace hall::test

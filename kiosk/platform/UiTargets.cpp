#include "platform/UiTargets.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

namespace hall {

void UiTargets::beginFrame(std::string screen) {
    screen_ = std::move(screen);
    targets_.clear();
    facts_.clear();
}

void UiTargets::add(std::string id, std::string label, float x, float y, float w, float h) {
    targets_.push_back({std::move(id), std::move(label), x, y, w, h});
}

void UiTargets::fact(const std::string& key, std::string value) {
    facts_[key] = std::move(value);
}

uint64_t UiTargets::commit() {
    nlohmann::json map;
    map["screen"] = screen_;
    map["facts"] = facts_;
    auto& list = map["targets"] = nlohmann::json::array();
    for (const auto& t : targets_) {
        list.push_back(
            {{"id", t.id}, {"label", t.label}, {"x", t.x}, {"y", t.y}, {"w", t.w}, {"h", t.h}});
    }
    std::string body = map.dump();
    if (body != committed_) {
        committed_ = std::move(body);
        ++revision_;
    }
    return revision_;
}

void UiTargets::publish(const std::filesystem::path& file, int windowX, int windowY, int width,
                        int height) {
    if (published_ == revision_)
        return;
    auto map = nlohmann::json::parse(committed_);
    map["revision"] = revision_;
    map["window"] = {{"x", windowX}, {"y", windowY}, {"w", width}, {"h", height}};
    const auto tmp = file.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << map.dump(1) << "\n";
        if (!out)
            return;  // a diagnostics aid: never worth stopping the kiosk for
    }
    if (std::rename(tmp.c_str(), file.c_str()) == 0)
        published_ = revision_;
}

}  // namespace hall

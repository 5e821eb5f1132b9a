#include "platform/UiTargets.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

namespace {

std::string hexColour(uint32_t c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02X%02X%02X", c & 0xFF, (c >> 8) & 0xFF, (c >> 16) & 0xFF);
    return buf;
}

// `over` (with its alpha) laid on the opaque `under`.
uint32_t blend(uint32_t under, uint32_t over) {
    const unsigned a = over >> 24;
    uint32_t out = 0xFF000000u;
    for (int shift = 0; shift < 24; shift += 8) {
        const unsigned u = (under >> shift) & 0xFF;
        const unsigned o = (over >> shift) & 0xFF;
        out |= ((o * a + u * (255 - a) + 127) / 255) << shift;
    }
    return out;
}

}  // namespace

namespace hall {

void UiTargets::beginFrame(std::string screen) {
    screen_ = std::move(screen);
    targets_.clear();
    facts_.clear();
    fills_.clear();
    texts_.clear();
}

void UiTargets::add(std::string id, std::string label, float x, float y, float w, float h,
                    bool primary) {
    targets_.push_back({std::move(id), std::move(label), x, y, w, h, primary});
}

void UiTargets::fill(float x0, float y0, float x1, float y1, uint32_t color) {
    fills_.push_back({x0, y0, x1, y1, color});
}

uint32_t UiTargets::backgroundAt(float x, float y) const {
    uint32_t colour = 0xFF000000u;  // under everything, the window's black
    for (const auto& f : fills_) {
        if (x >= f.x0 && x < f.x1 && y >= f.y0 && y < f.y1)
            colour = blend(colour, f.color);
    }
    return colour;
}

void UiTargets::text(std::string text, float x, float y, float w, float h, float px,
                     float lineHeight, float capHeight, uint32_t color) {
    const uint32_t background = backgroundAt(x + w / 2, y + h / 2);
    texts_.push_back({std::move(text), x, y, w, h, px, lineHeight, capHeight, color, background});
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
        list.push_back({{"id", t.id},
                        {"label", t.label},
                        {"x", t.x},
                        {"y", t.y},
                        {"w", t.w},
                        {"h", t.h},
                        {"primary", t.primary}});
    }
    auto& texts = map["texts"] = nlohmann::json::array();
    for (const auto& t : texts_) {
        texts.push_back({{"text", t.text},
                         {"x", t.x},
                         {"y", t.y},
                         {"w", t.w},
                         {"h", t.h},
                         {"px", t.px},
                         {"line_height", t.lineHeight},
                         {"cap_height", t.capHeight},
                         {"color", hexColour(t.color)},
                         {"background", hexColour(t.background)}});
    }
    std::string body = map.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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

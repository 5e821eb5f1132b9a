#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace hall {

// The named things on screen and where they are, published as JSON (--ui-map FILE) after each
// frame that changed them. GUI tests find buttons by name through it and then press them with
// real X input events; a maintainer can read it to see what a terminal is showing.
class UiTargets {
  public:
    struct Target {
        std::string id;                    // stable: "service.A", "ticket.take", "lang.ko"
        std::string label;                 // what the resident reads on it
        float x = 0, y = 0, w = 0, h = 0;  // window coordinates
        bool primary = false;              // the screen's main action: held to larger sizes
    };
    // A line of text as drawn: where, how tall its capitals are, and its colour over what lies
    // under it, so sizes, overlaps and contrast can be checked from the map (ctest -R access).
    struct Text {
        std::string text;
        float x = 0, y = 0, w = 0, h = 0;
        float px = 0;          // the font's size
        float lineHeight = 0;  // the distance from this line to the next of its paragraph
        float capHeight = 0;
        uint32_t color = 0;       // IM_COL32 layout: 0xAABBGGRR
        uint32_t background = 0;  // what the text is drawn on, blended, opaque
    };

    void beginFrame(std::string screen);
    void add(std::string id, std::string label, float x, float y, float w, float h,
             bool primary = false);
    // An area filled with a colour (IM_COL32) that later text may be drawn on.
    void fill(float x0, float y0, float x1, float y1, uint32_t color);
    void text(std::string text, float x, float y, float w, float h, float px, float lineHeight,
              float capHeight, uint32_t color);
    // A fact the screen shows, such as "ticket.number" = "A001".
    void fact(const std::string& key, std::string value);
    // Ends the frame; the revision goes up when what it showed differs from the frame before.
    uint64_t commit();
    uint64_t revision() const { return revision_; }
    const std::string& screen() const { return screen_; }
    // Writes the map (atomically) if it changed since it was last written.
    void publish(const std::filesystem::path& file, int windowX, int windowY, int width,
                 int height);

  private:
    std::string screen_;
    struct Fill {
        float x0, y0, x1, y1;
        uint32_t color;
    };
    uint32_t backgroundAt(float x, float y) const;

    std::vector<Target> targets_;
    std::vector<Fill> fills_;
    std::vector<Text> texts_;
    std::map<std::string, std::string> facts_;
    std::string committed_;
    uint64_t revision_ = 0;
    uint64_t published_ = 0;
};

}  // namespace hall

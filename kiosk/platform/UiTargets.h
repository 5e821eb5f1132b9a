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
    };

    void beginFrame(std::string screen);
    void add(std::string id, std::string label, float x, float y, float w, float h);
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
    std::vector<Target> targets_;
    std::map<std::string, std::string> facts_;
    std::string committed_;
    uint64_t revision_ = 0;
    uint64_t published_ = 0;
};

}  // namespace hall

#include "display/DisplayRole.h"

#include <cstdio>
#include <thread>

#include "queue/CallAnnouncement.h"
#include "screens/DisplayBoardScreen.h"

namespace hall {

DisplayRole::DisplayRole(const DeviceConfig& config, DeviceKey key, const Translations& tr)
    : config_(config), key_(std::move(key)), tr_(tr) {}

DisplayRole::~DisplayRole() {
    stop();
}

std::vector<ShownString> DisplayRole::shownStrings() const {
    std::vector<ShownString> out;
    for (const auto& e : tr_.entries()) {
        if (e.language == config_.language)
            out.push_back({"i18n " + e.language + ": " + e.key, e.text});
    }
    if (view_.snapshot) {
        for (const auto& [lang, name] : view_.snapshot->hallName)
            out.push_back({"hall name", name});
        for (const auto& s : view_.snapshot->services) {
            for (const auto& [lang, name] : s.name)
                out.push_back({"service name", name});
        }
    }
    std::string ascii;
    for (char c = 0x20; c < 0x7F; ++c)
        ascii.push_back(c);
    out.push_back({"generated text (ASCII)", ascii});
    out.push_back({"arrow", "→—"});
    return out;
}

std::set<char32_t> DisplayRole::bigGlyphs() const {
    std::set<char32_t> glyphs;
    for (char32_t c = U'0'; c <= U'9'; ++c)
        glyphs.insert(c);
    for (char32_t c = U'A'; c <= U'Z'; ++c)
        glyphs.insert(c);
    return glyphs;
}

Result<void> DisplayRole::start(std::function<void()> wake) {
    if (key_.role != DeviceRole::Display) {
        return fail(config_.keyFile.string() + ": this key is enrolled as a " +
                    std::string(roleCode(key_.role)) + ", not a display");
    }
    if (config_.voice == "espeak") {
        std::string why;
        auto voice = makeEspeakSynthesizer(why);
        std::unique_ptr<AudioSink> sink;
        const std::string& device = config_.audioDevice;
        if (device.size() > 4 && device.substr(device.size() - 4) == ".wav") {
            sink = makeWavFileSink(device);
        } else {
            sink = makeAlsaSink(device);
        }
        if (voice) {
            announcer_ = std::make_unique<Announcer>(std::move(voice), std::move(sink),
                                                     config_.repeatAnnouncement);
        } else {
            // The board still shows every call; staff are told why it is silent.
            std::fprintf(stderr, "kiosk: the display cannot speak: %s\n", why.c_str());
        }
    }
    link_ = std::make_unique<HallLink>(config_, key_, std::move(wake));
    return {};
}

void DisplayRole::stop() {
    link_.reset();
    announcer_.reset();
}

void DisplayRole::update() {
    bool changed = false;
    const TimePoint now = std::chrono::system_clock::now();
    if (link_ && link_->version() != seenLink_) {
        seenLink_ = link_->version();
        view_ = link_->view();
        changed = true;
        if (view_.snapshot) {
            for (const auto& call : board_.update(*view_.snapshot, now)) {
                if (announcer_)
                    announcer_->announce(callAnnouncement(call.number, call.window));
            }
        }
        std::string names;
        for (const auto& s : shownStrings())
            names += s.text;
        if (names != namesSeen_) {
            namesSeen_ = names;
            ++glyphRevision_;
        }
    }
    const bool flash = board_.flashOn(now);
    if (flash != flashShown_) {
        flashShown_ = flash;
        changed = true;
    }
    if (changed)
        ++revision_;
}

void DisplayRole::draw(Canvas& canvas) {
    DisplayContext ctx{
        canvas, view_, board_, tr_, config_.language, std::chrono::system_clock::now()};
    drawDisplayBoardScreen(ctx);
}

bool DisplayRole::prepareSnapshot(const std::string& screen) {
    if (screen != "board") {
        std::fprintf(stderr, "kiosk: unknown display screen '%s' (board)\n", screen.c_str());
        return false;
    }
    for (int i = 0; i < 60 && !(link_->view().snapshot || !link_->view().problem.empty()); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    update();
    return true;
}

}  // namespace hall

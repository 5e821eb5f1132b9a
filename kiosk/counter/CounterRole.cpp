#include "counter/CounterRole.h"

#include <cstdio>
#include <thread>

#include "screens/CounterScreens.h"

namespace hall {

CounterRole::CounterRole(const DeviceConfig& config, DeviceKey key, const Translations& tr)
    : config_(config), key_(std::move(key)), tr_(tr), session_(config.window) {}

CounterRole::~CounterRole() {
    stop();
}

std::vector<ShownString> CounterRole::shownStrings() const {
    std::vector<ShownString> out;
    for (const auto& e : tr_.entries()) {
        if (e.language == config_.language)
            out.push_back({"i18n " + e.language + ": " + e.key, e.text});
    }
    out.push_back({"staff name", view_.staffName});
    if (view_.snapshot) {
        for (const auto& [lang, name] : view_.snapshot->hallName)
            out.push_back({"hall name", name});
        for (const auto& s : view_.snapshot->services) {
            for (const auto& [lang, name] : s.name)
                out.push_back({"service name", name});
        }
        for (const auto& w : view_.snapshot->windows) {
            if (w.current && !w.current->requestName.empty())
                out.push_back({"proof request", w.current->requestName});
        }
    }
    std::string ascii;
    for (char c = 0x20; c < 0x7F; ++c)
        ascii.push_back(c);
    out.push_back({"generated text (ASCII)", ascii});
    out.push_back({"keypad", "●"});
    return out;
}

std::set<char32_t> CounterRole::bigGlyphs() const {
    std::set<char32_t> glyphs;
    for (char32_t c = U'0'; c <= U'9'; ++c)
        glyphs.insert(c);
    for (char32_t c = U'A'; c <= U'Z'; ++c)
        glyphs.insert(c);
    return glyphs;
}

Result<void> CounterRole::start(std::function<void()> wake) {
    if (config_.window == 0)
        return fail(config_.sourceFile.string() + ": device.window is required for a counter");
    if (key_.role != DeviceRole::Counter) {
        return fail(config_.keyFile.string() + ": this key is enrolled as a " +
                    std::string(roleCode(key_.role)) + ", not a counter");
    }
    link_ = std::make_unique<HallLink>(config_, key_, std::move(wake));
    return {};
}

void CounterRole::stop() {
    link_.reset();
}

std::string CounterRole::screenName() const {
    if (session_.screen() == CounterSession::Screen::Login)
        return "counter-login";
    switch (session_.dialog()) {
        case CounterSession::Dialog::Finish:
            return "counter-finish";
        case CounterSession::Dialog::Transfer:
            return "counter-transfer";
        case CounterSession::Dialog::Rating:
            return "counter-rating";
        case CounterSession::Dialog::IssueProof:
            return "counter-issue-proof";
        case CounterSession::Dialog::DeclineProof:
            return "counter-decline-proof";
        case CounterSession::Dialog::None:
            break;
    }
    return "counter-desk";
}

void CounterRole::update() {
    bool changed = false;
    if (link_) {
        for (auto& o : link_->takeOutcomes()) {
            if (o.what == "login" && o.result)
                session_.loggedIn((*o.result).value("staff_id", ""));
            if (o.what == "logout")
                session_.loggedOut();
            session_.answered(o.what, o.result);
            changed = true;
        }
        if (link_->version() != seenLink_) {
            seenLink_ = link_->version();
            view_ = link_->view();
            changed = true;
            // Names of the hall and its services arrive with the first snapshot, a resident's
            // proof request with the ticket called.
            std::string names;
            for (const auto& s : shownStrings())
                names += s.text;
            if (names != namesSeen_) {
                namesSeen_ = names;
                ++glyphRevision_;
            }
        }
    }
    const int64_t minute = std::chrono::duration_cast<std::chrono::minutes>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    if (minute != seenMinute_) {
        seenMinute_ = minute;
        changed = true;  // waited-for minutes on screen
    }
    if (changed)
        ++revision_;
}

TimePoint CounterRole::nextDeadline() const {
    return TimePoint::max();
}

void CounterRole::draw(Canvas& canvas) {
    CounterContext ctx{canvas,
                       session_,
                       view_,
                       tr_,
                       config_.language,
                       [this](const QueueCommand& c) {
                           if (link_)
                               link_->send(c);
                       },
                       [this](const std::string& id, const std::string& pin) {
                           if (link_)
                               link_->login(id, pin);
                       },
                       [this] {
                           if (link_)
                               link_->logout();
                       }};
    if (session_.screen() == CounterSession::Screen::Login) {
        drawCounterLoginScreen(ctx);
    } else {
        drawCounterDeskScreen(ctx);
    }
}

bool CounterRole::prepareSnapshot(const std::string& screen) {
    if (screen == "login")
        return true;
    if (screen != "desk") {
        std::fprintf(stderr, "kiosk: unknown counter screen '%s' (login or desk)\n",
                     screen.c_str());
        return false;
    }
    // The desk as it stands at the hall, for a maintainer's look (no staff member logged in).
    for (int i = 0; i < 60 && !(link_->view().snapshot || !link_->view().problem.empty()); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    update();
    session_.loggedIn("");
    return true;
}

}  // namespace hall

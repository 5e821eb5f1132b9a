#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/KioskRole.h"
#include "i18n/Translations.h"

namespace hall {

// What the screen shows when a role cannot serve — no valid config and no last good copy,
// translations or a font that cannot be used, a terminal that crashed again and again: a
// full-screen notice in every language the terminal has ("暂停自助服务，请到前台办理"), with
// the reason in small print for staff. Never a desktop or a console. It asks to be started
// again after `retryAfter` (the role is then tried again), or ends after it (--for).
class OutOfServiceRole final : public KioskRole {
  public:
    // `tr` may be empty (the translations could not be read): the notice is then in English,
    // in words the kiosk itself carries.
    OutOfServiceRole(std::string reason, std::optional<Translations> tr,
                     std::chrono::seconds retryAfter);

    std::vector<ShownString> shownStrings() const override;
    std::set<char32_t> bigGlyphs() const override { return {}; }
    Result<void> start(std::function<void()> wake) override;
    void update() override {}
    TimePoint nextDeadline() const override { return retryAt_; }
    uint64_t revision() const override { return 1; }
    std::string screenName() const override { return "out-of-service"; }
    void draw(Canvas& canvas) override;
    bool prepareSnapshot(const std::string& screen) override;
    bool wantsRestart() const override;
    bool canDrawWithoutFonts() const override { return true; }
    std::string serviceStatus() const override { return "out of service: " + reason_; }

    // The languages the notice is shown in, the reference language first.
    std::vector<std::string> languages() const;

  private:
    std::string reason_;
    std::optional<Translations> tr_;
    TimePoint retryAt_;
};

// The translations for the out-of-service notice: from `assetsDir`, or else the folder the
// package installs them to, or else none.
std::optional<Translations> outOfServiceTranslations(const std::filesystem::path& assetsDir);

}  // namespace hall

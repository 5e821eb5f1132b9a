#pragma once
#include <memory>

#include "app/KioskRole.h"
#include "config/DeviceConfig.h"
#include "display/CallBoard.h"
#include "i18n/Translations.h"
#include "lan/DeviceKey.h"
#include "lan/HallLink.h"
#include "speech/Announcer.h"

namespace hall {

// The call display on the hall's TV (kiosk --role display): the current call per window, the
// last calls and the waiting per service, each new call shown flashing and announced by voice.
class DisplayRole final : public KioskRole {
  public:
    DisplayRole(const DeviceConfig& config, DeviceKey key, const Translations& tr);
    ~DisplayRole() override;

    std::vector<ShownString> shownStrings() const override;
    std::set<char32_t> bigGlyphs() const override;
    uint64_t glyphRevision() const override { return glyphRevision_; }
    Result<void> start(std::function<void()> wake) override;
    void update() override;
    TimePoint nextDeadline() const override {
        return board_.nextDeadline(std::chrono::system_clock::now());
    }
    uint64_t revision() const override { return revision_; }
    std::string screenName() const override { return "display-board"; }
    void draw(Canvas& canvas) override;
    bool prepareSnapshot(const std::string& screen) override;
    void stop() override;

  private:
    const DeviceConfig config_;
    DeviceKey key_;
    const Translations& tr_;
    std::unique_ptr<HallLink> link_;
    std::unique_ptr<Announcer> announcer_;
    HallLink::View view_;
    CallBoard board_;
    uint64_t seenLink_ = 0;
    uint64_t revision_ = 1;
    uint64_t glyphRevision_ = 0;
    std::string namesSeen_;
    bool flashShown_ = false;
};

}  // namespace hall

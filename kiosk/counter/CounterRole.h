#pragma once
#include <memory>

#include "app/KioskRole.h"
#include "config/DeviceConfig.h"
#include "counter/CounterSession.h"
#include "i18n/Translations.h"
#include "lan/DeviceKey.h"
#include "lan/HallLink.h"

namespace hall {

// A staff counter (kiosk --role counter): log in, open the window, call, serve, finish, and
// let the resident rate the service; a client of the hall over the LAN.
class CounterRole final : public KioskRole {
  public:
    CounterRole(const DeviceConfig& config, DeviceKey key, const Translations& tr);
    ~CounterRole() override;

    std::vector<ShownString> shownStrings() const override;
    std::set<char32_t> bigGlyphs() const override;
    uint64_t glyphRevision() const override { return glyphRevision_; }
    Result<void> start(std::function<void()> wake) override;
    void update() override;
    TimePoint nextDeadline() const override;
    uint64_t revision() const override { return revision_; }
    std::string screenName() const override;
    void draw(Canvas& canvas) override;
    bool prepareSnapshot(const std::string& screen) override;
    void stop() override;

  private:
    const DeviceConfig config_;
    DeviceKey key_;
    const Translations& tr_;
    CounterSession session_;
    std::unique_ptr<HallLink> link_;
    HallLink::View view_;
    uint64_t seenLink_ = 0;
    uint64_t revision_ = 1;
    uint64_t glyphRevision_ = 0;
    std::string namesSeen_;
    int64_t seenMinute_ = 0;
};

}  // namespace hall

#pragma once
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "app/KioskRole.h"
#include "config/HallConfig.h"
#include "handwriting/HandwritingRecognizer.h"
#include "health/HealthProbe.h"
#include "health/HeartbeatSender.h"
#include "i18n/Translations.h"
#include "lan/HallServer.h"
#include "net/LivenessProbe.h"
#include "orders/OrderDesk.h"
#include "platform/PreviewTexture.h"
#include "printer/AsyncPrinter.h"
#include "queue/QueueEngine.h"
#include "resident/ResidentVoice.h"
#include "resident/UpdateHandshake.h"
#include "scan/ScanSources.h"
#include "screens/ScreenContext.h"
#include "session/ResidentSession.h"
#include "sync/CentralLink.h"
#include "time/CorrectedClock.h"

namespace hall {

// The hall role: the resident terminal's screens over the hall's queue, the ticket printer,
// and the hall LAN API that counters and the display use.
class ResidentRole final : public KioskRole, private ResidentIntents {
  public:
    // `clock` follows the central service's time once it has answered (CorrectedClock).
    ResidentRole(const HallConfig& config, const Translations& tr, CorrectedClock& clock,
                 QueueEngine::Access access);
    ~ResidentRole() override;

    std::vector<ShownString> shownStrings() const override;
    std::set<char32_t> bigGlyphs() const override;
    // What maintainers published for this hall (none: the hall takes no bundles). Before
    // start(): the catalogue in force comes from it, and new bundles are fetched into it.
    void useBundles(sync::BundleStore* bundles) { bundles_ = bundles; }
    // Reads the proof catalogue in force: a published one, else the one named in the config.
    // A bad one leaves proof screening off and the queue working.
    void loadProofCatalog();
    uint64_t glyphRevision() const override { return glyphRevision_; }
    bool wantsRestart() const override { return restart_; }
    std::optional<std::string> stalled() const override {
        if (liveness_ && !liveness_->answeredWithin(std::chrono::seconds(20)))
            return "the hall LAN API or the queue has not answered for 20 s";
        return std::nullopt;
    }
    std::string serviceStatus() const override { return "serving: " + screenName(); }
    Result<void> start(std::function<void()> wake) override;
    void update() override;
    TimePoint nextDeadline() const override;
    uint64_t revision() const override { return revision_; }
    std::string screenName() const override {
        if (remoteNotice())
            return "out-of-service";
        return std::string(screenName(session_.screen()));
    }
    std::optional<std::filesystem::path> screenshotWanted() const override;
    void screenshotTaken(bool written) override;
    void draw(Canvas& canvas) override;
    bool careMode() const override { return session_.careMode(); }
    std::optional<float> mmPerPixel() const override { return config_.access.mmPerPixel(); }
    bool prepareSnapshot(const std::string& screen) override;
    void stop() override;

  private:
    static std::string_view screenName(ResidentScreen s) { return hall::screenName(s); }
    // For a snapshot of the rating screen: the latest ticket served today and not yet rated.
    std::optional<std::string> finishedUnratedTicket();
    // Puts bundles the link fetched in force, at the start screen only.
    void applyNewBundles();
    // Carries out a maintainer's order, at the start screen only: nobody's visit is cut short.
    void takeOrders();
    // The notice a maintainer put the terminal out of service with, if they did.
    std::optional<std::string> remoteNotice() const {
        return orders_ ? orders_->outOfService() : std::nullopt;
    }
    void chooseLanguage(const std::string& language) override { session_.chooseLanguage(language); }
    void chooseService(char letter) override { session_.chooseService(letter); }
    void back() override { session_.back(); }
    void finish() override { session_.finish(); }
    void stillHere() override { session_.stillHere(); }
    void detailPage(int delta) override { session_.detailPage(delta); }
    void toggleCareMode() override { session_.toggleCareMode(); }
    void hearAgain() override;
    void louder() override;
    void callForHelp() override;
    void pressed() override {
        if (voice_)
            voice_->stop();
    }
    int waitingFor(char service) { return queue_.waitingCount(service); }
    HelpShown helpShown();
    void endVisit() override { session_.endVisit(); }
    void startRating() override { session_.startRating(); }
    void chooseScore(int score) override { session_.chooseScore(score); }
    void toggleReason(const std::string& code) override { session_.toggleReason(code); }
    void submitRating() override { session_.submitRating(); }
    void typedLine(const std::string& line) override {
        if (!holdingForUpdate_)
            session_.scanned(line);
    }
    void takeTicket(std::optional<PriorityCategory> priority) override;
    void startProofSearch() override { session_.startProofSearch(); }
    void proofKey(char letter) override { session_.proofKey(letter); }
    void proofSwitchKeys() override { session_.proofSwitchKeys(); }
    void proofShift() override { session_.proofShift(); }
    void proofStroke(std::vector<Handwriting::Point> points) override;
    void proofClearWriting() override { session_.proofClearWriting(); }
    void proofBackspace() override { session_.proofBackspace(); }
    void proofClear() override { session_.proofClear(); }
    void proofCandidate(size_t index) override { session_.proofCandidate(index); }
    void proofBrowse(const std::string& categoryId) override { session_.proofBrowse(categoryId); }
    void proofPage(int delta) override { session_.proofPage(delta); }
    void chooseProof(const std::string& itemId) override { session_.chooseProof(itemId); }
    void proofNotFound() override { session_.proofNotFound(); }
    void takeProofTicket() override { session_.takeProofTicket(); }
    void printReferral() override;
    void startIdentityScan() override { session_.startIdentityScan(); }
    void forgetIdentity() override { session_.forgetIdentity(); }

    const HallConfig& config_;
    const Translations& tr_;
    CorrectedClock& clock_;
    QueueEngine::Access access_;
    QueueEngine queue_;
    ResidentSession session_;
    std::unique_ptr<AsyncPrinter> printer_;
    std::unique_ptr<ResidentVoice> voice_;
    std::unique_ptr<HandwritingRecognizer> handwriting_;
    std::vector<ImVec2> liveStroke_;
    std::set<char32_t> drawable_;  // characters the fonts can show
    std::unique_ptr<HallServer> server_;
    std::unique_ptr<net::LivenessProbe> liveness_;
    std::unique_ptr<CentralLink> central_;
    std::unique_ptr<HealthProbe> health_;
    std::unique_ptr<OrderDesk> orders_;
    std::optional<orders::RemoteOrder> screenshotOrder_;
    std::unique_ptr<HeartbeatSender> heartbeat_;
    sync::BundleStore* bundles_ = nullptr;
    // Bundles put in force by the link's thread, waiting for the start screen to be applied
    // (a resident in the middle of a request keeps the list they started with).
    std::mutex bundleMutex_;
    std::set<sync::BundleKind> newBundles_;
    uint64_t glyphRevision_ = 0;
    bool restart_ = false;
    uint64_t printJob_ = 0;
    std::mutex printMutex_;
    std::vector<std::pair<uint64_t, Result<void>>> printOutcomes_;
    ScanSources scanners_;
    std::mutex scanMutex_;
    std::vector<ScanEvent> scanEvents_;
    PreviewTexture preview_;
    uint64_t shownFrames_ = 0;
    uint64_t seenFrames_ = 0;

    // Software updates: holding the hall for an install, and proving this version works.
    void takeUpdateTurn();
    bool nobodyServed();
    UpdateHandshake update_;
    bool holdingForUpdate_ = false;
    bool startShown_ = false;

    // What was last drawn, to know when to draw again.
    uint64_t revision_ = 1;
    uint64_t seenSession_ = 0;
    uint64_t seenQueue_ = 0;
    int seenCountdown_ = -1;
};

}  // namespace hall

#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "Result.h"
#include "config/HallConfig.h"
#include "i18n/Notice.h"
#include "i18n/Translations.h"
#include "identity/IdentityVerifier.h"
#include "proofs/HanziCandidates.h"
#include "proofs/ProofScreener.h"
#include "queue/QueueEngine.h"
#include "session/ProofSearch.h"
#include "time/Clock.h"

namespace hall {

enum class ResidentScreen {
    Attract,
    ConfirmService,
    Ticket,
    Paused,
    RateScan,
    Rate,
    RateThanks,
    ProofSearch,
    ProofPermitted,
    ProofNotIssued,
    ProofUnknown,
    IdentityScan
};
std::string_view screenName(ResidentScreen s);
std::optional<ResidentScreen> screenFromName(std::string_view name);

struct PrintState {
    enum class Phase { None, Printing, Printed, Failed };
    Phase phase = Phase::None;
    std::string detail;  // for staff: what the printer driver reported
};

// One resident's visit at the self-service terminal, from the attract screen to a ticket and
// back: the screens show this state and send these intents; every rule is here.
class ResidentSession {
  public:
    ResidentSession(const HallConfig& config, QueueEngine& queue, const Clock& clock);

    // Connects the queue to its store; if that fails the terminal starts paused.
    void start();

    // Intents from the screens.
    void touched();
    void chooseLanguage(const std::string& language);
    // Care mode (关怀模式): larger type and targets for this visit; the next resident starts in
    // the hall's default again, as with the language.
    void toggleCareMode();
    bool careMode() const { return careMode_; }
    // Someone has touched the screen since the visit began (the start screen's guidance is
    // spoken only then: nobody may be there to hear it before).
    bool touchedThisVisit() const { return touchedThisVisit_; }
    // A member of staff was called to the terminal for this visit (the call itself is the
    // queue's, so every counter sees it); the next resident starts without it.
    void helpCalled(int64_t call);
    std::optional<int64_t> helpCall() const { return helpCall_; }
    void chooseService(char letter);
    // Commits a ticket. Returns it when committed, so the caller prints it; the ticket screen
    // shows it from then on.
    std::optional<IssuedTicket> takeTicket(std::optional<PriorityCategory> priority);
    // Shows a ticket that is already committed (a snapshot of the ticket screen, a ticket looked
    // up again).
    void showCommittedTicket(IssuedTicket ticket);
    void back();
    void finish();
    // The inactivity warning's answers: go on with the visit, or end it now.
    void stillHere();
    void endVisit();
    void printFinished(bool ok, std::string detail);

    // Rating a finished service (好差评) at the terminal: the resident scans their ticket's QR
    // code, chooses a score and reasons, and submits; one rating per ticket.
    void startRating();
    // A code read by a scanner: on the rating scan a ticket to rate, on the identity scan a
    // resident, on the start screen a ticket to look up (where it stands now).
    void scanned(const std::string& text);
    void chooseScore(int score);
    void toggleReason(const std::string& code);
    void submitRating();
    int ratingScore() const { return ratingScore_; }
    const std::vector<std::string>& ratingReasonsChosen() const { return ratingReasons_; }
    const std::string& ratingNumber() const { return ratingNumber_; }

    // Proof screening (开证明 / 证明事项查询): the resident types or browses, picks a proof, and
    // learns whether the community may issue it; a ticket then carries the request. Offered
    // only with a catalogue, which the queue then checks requests against too.
    void setProofCatalog(std::shared_ptr<const ProofCatalog> catalog);
    // The issuers of identity codes from now on (a bundle from the central service put them in
    // force); codes already checked stay checked.
    void setIssuerKeys(IssuerKeys issuers);
    bool offersProofs() const { return catalog_ != nullptr; }
    void startProofSearch();
    void proofKey(char letter);
    // The keyboard between pinyin and Korean (한글), and its shift for doubled consonants.
    // Pinyin, then handwriting, then (in a hall offering Korean) Hangul, and round again.
    void proofSwitchKeys();
    void proofStroke(std::vector<Handwriting::Point> points);
    void proofClearWriting();
    void proofWritingCandidates(std::vector<char32_t> characters);
    // Whether this terminal can read handwriting (a recognizer is there).
    void offerHandwriting(bool offered) { handwriting_ = offered; }
    bool offersHandwriting() const { return handwriting_; }
    void proofShift();
    void proofBackspace();
    void proofClear();
    void proofCandidate(size_t index);
    void proofBrowse(const std::string& categoryId);
    void proofPage(int delta);
    // The page of a proof's description shown (the screen fits as many lines as it can).
    void detailPage(int delta);
    int detailPageShown() const { return detailPage_; }
    void chooseProof(const std::string& itemId);
    void proofNotFound();
    // A ticket for the proof on screen: the certificate service for a permitted one, the
    // consultation service otherwise; goes to the confirm screen with the request attached.
    void takeProofTicket();
    // The not-issued item whose referral slip (告知单) should be printed now, if any.
    const ProofItem* startReferralPrint();
    const ProofSearch* proofSearch() const { return search_ ? &*search_ : nullptr; }
    const ProofItem* proofItem() const { return proofItem_; }
    const std::string& proofWords() const { return proofWords_; }
    const ProofCatalog* proofCatalog() const { return catalog_.get(); }
    const std::string& requestItem() const { return requestItem_; }

    // Identifying by a QR code (扫码识别身份), optional, for a proof request: the resident shows
    // an electronic ID or social security code, or an ID card number's code; the terminal
    // verifies it and shows who it is, masked. The number goes on the ticket hashed, and the
    // identity is wiped when the ticket is taken or the session ends.
    void startIdentityScan();
    void forgetIdentity();
    const Identity* identity() const { return identity_ ? &*identity_ : nullptr; }

    // Timers: the idle timeout and, while paused, retrying the store.
    void tick();
    // When tick() next has something to do, so the UI can sleep until then.
    TimePoint nextDeadline() const;

    ResidentScreen screen() const { return screen_; }
    const std::string& language() const { return language_; }
    std::optional<char> chosenService() const { return service_; }
    const std::optional<IssuedTicket>& ticket() const { return ticket_; }
    const PrintState& print() const { return print_; }
    const std::optional<Notice>& notice() const { return notice_; }
    const std::optional<Error>& pauseReason() const { return pauseReason_; }
    int secondsUntilIdleReturn() const;
    // While the resident has been idle past the timeout on a screen with something unfinished,
    // the seconds left before the visit is cleared (the warning shows them); otherwise none.
    std::optional<int> timeoutWarning() const;
    // Changes whenever anything a screen shows has changed.
    uint64_t revision() const { return revision_; }

    QueueEngine& queue() { return queue_; }

    static constexpr std::chrono::seconds kProbeInterval{5};
    static constexpr std::chrono::seconds kThanksShown{5};

  private:
    void resetToAttract();
    // Screens where a visit is half done: clearing them for inactivity is warned of first. The
    // ticket and the thanks screens end a finished visit and count down in their own text.
    bool warnsBeforeTimeout() const;
    TimePoint idleEnd() const;
    void pause(Error reason);
    void changed() { ++revision_; }
    void recordScreening(const std::string& decision, const std::string& itemId,
                         const std::string& words, std::vector<std::string> offered = {});
    std::vector<std::string> offeredChoices() const;
    void identify(const std::string& payload);
    void lookUpTicket(const std::string& payload);
    void forgetProofs();

    const HallConfig& config_;
    QueueEngine& queue_;
    const Clock& clock_;

    ResidentScreen screen_ = ResidentScreen::Attract;
    std::string language_;
    bool careMode_ = false;
    bool handwriting_ = false;
    bool touchedThisVisit_ = false;
    std::optional<int64_t> helpCall_;
    std::optional<char> service_;
    std::optional<IssuedTicket> ticket_;
    PrintState print_;
    std::optional<Notice> notice_;
    std::optional<Error> pauseReason_;
    IdentityVerifier verifier_;
    std::optional<Identity> identity_;
    ResidentScreen identityReturn_ = ResidentScreen::Attract;
    std::string ratingTicket_;
    std::string ratingNumber_;
    int ratingScore_ = 0;
    std::vector<std::string> ratingReasons_;
    std::shared_ptr<const ProofCatalog> catalog_;
    std::unique_ptr<ProofScreener> screener_;
    std::unique_ptr<HanziCandidates> candidates_;
    std::string screenerDay_;
    std::optional<ProofSearch> search_;
    const ProofItem* proofItem_ = nullptr;
    std::string proofWords_;
    int detailPage_ = 0;
    std::string requestItem_;
    ResidentScreen proofReturn_ = ResidentScreen::Attract;  // where the confirm screen goes back
    TimePoint lastInput_;
    std::optional<int> warningShown_;
    TimePoint nextProbe_;
    uint64_t revision_ = 1;
};

}  // namespace hall

#pragma once
#include <map>
#include <optional>
#include <string>

#include "config/HallConfig.h"
#include "i18n/Translations.h"
#include "screens/Canvas.h"
#include "session/ResidentSession.h"

namespace hall {

// What the resident screens may ask for. The terminal turns these into session intents (and,
// for a committed ticket, a print job); screens never change state themselves.
class ResidentIntents {
  public:
    virtual ~ResidentIntents() = default;
    virtual void chooseLanguage(const std::string& language) = 0;
    virtual void toggleCareMode() = 0;
    // The bar under the header on every resident screen: the guidance again, louder, and a
    // member of staff called to the terminal.
    virtual void hearAgain() = 0;
    virtual void louder() = 0;
    virtual void callForHelp() = 0;
    virtual void chooseService(char letter) = 0;
    virtual void takeTicket(std::optional<PriorityCategory> priority) = 0;
    virtual void back() = 0;
    virtual void finish() = 0;
    // The inactivity warning's two answers.
    virtual void stillHere() = 0;
    virtual void endVisit() = 0;
    virtual void startRating() = 0;
    virtual void chooseScore(int score) = 0;
    virtual void toggleReason(const std::string& code) = 0;
    virtual void submitRating() = 0;
    // Proof screening.
    virtual void startProofSearch() = 0;
    virtual void proofKey(char letter) = 0;
    virtual void proofSwitchKeys() = 0;
    virtual void proofShift() = 0;
    // A stroke written on the handwriting pad (pad units, ProofSearch::kPadSize square).
    virtual void proofStroke(std::vector<Handwriting::Point> points) = 0;
    virtual void proofClearWriting() = 0;
    virtual void proofBackspace() = 0;
    virtual void proofClear() = 0;
    virtual void proofCandidate(size_t index) = 0;
    virtual void proofBrowse(const std::string& categoryId) = 0;
    virtual void proofPage(int delta) = 0;
    // Another page of a long description (care mode's large type fits less to a screen).
    virtual void detailPage(int delta) = 0;
    virtual void chooseProof(const std::string& itemId) = 0;
    virtual void proofNotFound() = 0;
    virtual void takeProofTicket() = 0;
    virtual void printReferral() = 0;
    // Identifying by a QR code.
    virtual void startIdentityScan() = 0;
    virtual void forgetIdentity() = 0;
};

// The camera's live picture for the identity scan; no texture without a camera.
struct CameraView {
    ImTextureID texture = nullptr;
    int width = 0, height = 0;
};

// Per service, what the attract screen shows about it now.
struct ServiceGlance {
    int waiting = 0;
    bool open = false;
};

// Where a resident's call for help stands, as the terminal shows it.
enum class HelpShown { None, Called, Acknowledged };

// What the resident screens draw from.
struct ScreenContext : Canvas {
    const ResidentSession& session;
    ResidentIntents& intents;
    const HallConfig& config;
    const Translations& tr;
    HallLocalTime now;
    std::map<char, ServiceGlance> services;
    CameraView camera;
    bool voice = false;  // spoken guidance is on: the bar offers it again, and louder
    // The stroke a finger is drawing on the handwriting pad now, in screen coordinates.
    std::vector<ImVec2>* liveStroke = nullptr;
    HelpShown help = HelpShown::None;

    const std::string& text(std::string_view key) const { return tr.text(session.language(), key); }
    std::string format(std::string_view key, const Translations::Args& args) const {
        return tr.format(session.language(), key, args);
    }
    const std::string& local(const LocalizedText& t) const {
        return t.in(session.language(), config.defaultLanguage());
    }
};

void drawAttractScreen(ScreenContext& ctx);
void drawConfirmServiceScreen(ScreenContext& ctx);
void drawTicketScreen(ScreenContext& ctx);
void drawPausedScreen(ScreenContext& ctx);
void drawRateScanScreen(ScreenContext& ctx);
void drawRateScreen(ScreenContext& ctx);
void drawRateThanksScreen(ScreenContext& ctx);
void drawProofSearchScreen(ScreenContext& ctx);
void drawProofPermittedScreen(ScreenContext& ctx);
void drawProofNotIssuedScreen(ScreenContext& ctx);
void drawProofUnknownScreen(ScreenContext& ctx);
void drawIdentityScanScreen(ScreenContext& ctx);
// Drawn over the screen a resident left idle, with the seconds left before it is cleared.
void drawTimeoutWarning(ScreenContext& ctx, int secondsLeft);

}  // namespace hall

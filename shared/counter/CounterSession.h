#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "Result.h"
#include "i18n/Notice.h"
#include "i18n/Translations.h"
#include "queue/QueueCommand.h"
#include "queue/QueueSnapshot.h"

namespace hall {

// What a staff member is doing at their counter: logging in on the keypad, then working the
// window, with the dialogs for finishing, transferring and the resident's rating. The screens
// show this state and call these intents; every command goes to the hall, which decides.
class CounterSession {
  public:
    enum class Screen { Login, Desk };
    enum class Dialog { None, Finish, Transfer, Rating, IssueProof, DeclineProof };
    enum class LoginField { StaffId, Pin };

    explicit CounterSession(int window) : window_(window) {}

    // Keypad.
    void focus(LoginField field);
    void typeDigit(char digit);
    void backspace();
    void clearField();
    // A staff id and PIN ready to send, or nullopt with a notice saying what is missing. The
    // PIN is wiped from the session as it is handed over.
    struct LoginRequest {
        std::string staffId;
        std::string pin;
    };
    std::optional<LoginRequest> submitLogin();

    // Desk intents: the command to send to the hall.
    QueueCommand openWindow() const { return OpenWindowCommand{window_}; }
    QueueCommand pause() const { return PauseWindowCommand{window_}; }
    QueueCommand resume() const { return ResumeWindowCommand{window_}; }
    QueueCommand close() const { return CloseWindowCommand{window_}; }
    QueueCommand callNext() const { return CallNextCommand{window_}; }
    QueueCommand recall() const { return RecallCommand{window_}; }
    QueueCommand noShow() const { return NoShowCommand{window_}; }
    QueueCommand reinstate(const std::string& ticket) const { return ReinstateCommand{ticket}; }

    void openDialog(Dialog d);
    void closeDialog();
    QueueCommand finish(const std::string& outcome);  // also remembers the ticket to rate
    void chooseTransferService(std::optional<char> s) { transferService_ = s; }
    void chooseTransferWindow(std::optional<int> w) { transferWindow_ = w; }
    void chooseTransferNote(const std::string& noteKey) { transferNote_ = noteKey; }
    // nullopt (with a notice) until a service or window is chosen.
    std::optional<QueueCommand> transfer(const Translations& tr, const std::string& language);
    void chooseScore(int score) { ratingScore_ = score; }
    void toggleReason(const std::string& code);
    std::optional<QueueCommand> submitRating();

    // The proof the resident at the window asked for: issue it (the resident's ID card number
    // typed on the dialog's keypad, wiped once sent) or decline it with a reason.
    void typeIdCharacter(char c);  // 0–9 and X
    void idBackspace();
    void idClear();
    // nullopt, with a notice, until 18 characters are typed — unless the resident identified
    // with a scanned code at the terminal, when nothing typed means "that resident".
    std::optional<QueueCommand> issueProof(bool identifiedAtTerminal);
    QueueCommand declineProof(const std::string& reason);
    // The number as typed, masked but for its first 6 and last 4 characters.
    std::string idEntryShown() const;
    size_t idEntryLength() const { return idEntry_.size(); }

    // What the hall answered.
    void loggedIn(const std::string& staffId);
    void loggedOut();
    void answered(const std::string& what, const Result<nlohmann::json>& result);

    Screen screen() const { return screen_; }
    Dialog dialog() const { return dialog_; }
    LoginField loginField() const { return loginField_; }
    const std::string& staffIdEntry() const { return staffIdEntry_; }
    size_t pinLength() const { return pin_.size(); }
    int window() const { return window_; }
    std::optional<char> transferService() const { return transferService_; }
    std::optional<int> transferWindow() const { return transferWindow_; }
    const std::string& transferNote() const { return transferNote_; }
    int ratingScore() const { return ratingScore_; }
    const std::vector<std::string>& ratingReasonsChosen() const { return ratingReasons_; }
    const std::string& ratingTicket() const { return ratingTicket_; }
    // The last refusal or problem, for the staff member: a translation key, or the hall's message.
    const std::optional<Notice>& notice() const { return notice_; }
    void clearNotice() { notice_.reset(); }

    // The counter's window in a snapshot.
    static const WindowState* windowIn(const QueueSnapshot& s, int window);

    static constexpr size_t kMaxStaffId = 8;
    static constexpr size_t kMaxPin = 12;

  private:
    int window_;
    Screen screen_ = Screen::Login;
    Dialog dialog_ = Dialog::None;
    LoginField loginField_ = LoginField::StaffId;
    std::string staffIdEntry_;
    std::string pin_;
    std::optional<char> transferService_;
    std::optional<int> transferWindow_;
    std::string transferNote_;
    int ratingScore_ = 0;
    std::vector<std::string> ratingReasons_;
    std::string ratingTicket_;
    std::optional<Notice> notice_;
    std::string idEntry_;
};

// The preset notes a transfer can carry (translations: counter.note.<code>): staff at a touch
// counter pick one instead of typing.
const std::vector<std::string>& transferNotes();

}  // namespace hall

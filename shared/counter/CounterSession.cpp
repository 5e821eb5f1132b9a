#include "counter/CounterSession.h"

#include <algorithm>

#include "identity/ResidentId.h"

namespace hall {

const std::vector<std::string>& transferNotes() {
    static const std::vector<std::string> notes{"back_office", "other_window", "missing_materials",
                                                "needs_review"};
    return notes;
}

const WindowState* CounterSession::windowIn(const QueueSnapshot& s, int window) {
    for (const auto& w : s.windows) {
        if (w.number == window)
            return &w;
    }
    return nullptr;
}

void CounterSession::focus(LoginField field) {
    loginField_ = field;
}

void CounterSession::typeDigit(char digit) {
    if (digit < '0' || digit > '9')
        return;
    std::string& field = loginField_ == LoginField::StaffId ? staffIdEntry_ : pin_;
    const size_t limit = loginField_ == LoginField::StaffId ? kMaxStaffId : kMaxPin;
    if (field.size() < limit)
        field.push_back(digit);
    notice_.reset();
}

void CounterSession::backspace() {
    std::string& field = loginField_ == LoginField::StaffId ? staffIdEntry_ : pin_;
    if (!field.empty()) {
        field.back() = '0';
        field.pop_back();
    }
}

void CounterSession::clearField() {
    std::string& field = loginField_ == LoginField::StaffId ? staffIdEntry_ : pin_;
    std::fill(field.begin(), field.end(), '0');
    field.clear();
}

std::optional<CounterSession::LoginRequest> CounterSession::submitLogin() {
    if (staffIdEntry_.size() < 2) {
        notice_ = Notice{"counter.enter_staff_id", {}, {}};
        loginField_ = LoginField::StaffId;
        return std::nullopt;
    }
    if (pin_.size() < 4) {
        notice_ = Notice{"counter.enter_pin", {}, {}};
        loginField_ = LoginField::Pin;
        return std::nullopt;
    }
    LoginRequest request{staffIdEntry_, pin_};
    std::fill(pin_.begin(), pin_.end(), '0');
    pin_.clear();
    return request;
}

void CounterSession::openDialog(Dialog d) {
    dialog_ = d;
    if (d == Dialog::Transfer) {
        transferService_.reset();
        transferWindow_.reset();
        transferNote_.clear();
    }
    if (d == Dialog::IssueProof)
        wipe(idEntry_);
    if (d == Dialog::Rating) {
        ratingScore_ = 0;
        ratingReasons_.clear();
    }
}

void CounterSession::closeDialog() {
    dialog_ = Dialog::None;
    wipe(idEntry_);
}

QueueCommand CounterSession::finish(const std::string& outcome) {
    dialog_ = Dialog::None;
    return FinishCommand{window_, outcome};
}

std::optional<QueueCommand> CounterSession::transfer(const Translations& tr,
                                                     const std::string& language) {
    if (!transferService_ && !transferWindow_) {
        notice_ = Notice{"counter.choose_transfer", {}, {}};
        return std::nullopt;
    }
    dialog_ = Dialog::None;
    const std::string note =
        transferNote_.empty() ? "" : tr.text(language, "counter.note." + transferNote_);
    return TransferCommand{window_, transferService_, transferWindow_, note};
}

void CounterSession::toggleReason(const std::string& code) {
    auto it = std::find(ratingReasons_.begin(), ratingReasons_.end(), code);
    if (it == ratingReasons_.end()) {
        ratingReasons_.push_back(code);
    } else {
        ratingReasons_.erase(it);
    }
}

std::optional<QueueCommand> CounterSession::submitRating() {
    if (ratingScore_ < 1 || ratingTicket_.empty()) {
        notice_ = Notice{"rating.choose_score", {}, {}};
        return std::nullopt;
    }
    dialog_ = Dialog::None;
    RateCommand c{ratingTicket_, ratingScore_, ratingReasons_, "counter"};
    ratingTicket_.clear();
    return c;
}

void CounterSession::typeIdCharacter(char c) {
    if (c == 'x')
        c = 'X';
    if (((c < '0' || c > '9') && c != 'X') || idEntry_.size() >= 18)
        return;
    idEntry_.push_back(c);
    notice_.reset();
}

void CounterSession::idBackspace() {
    if (!idEntry_.empty()) {
        idEntry_.back() = '0';
        idEntry_.pop_back();
    }
}

void CounterSession::idClear() {
    wipe(idEntry_);
}

std::optional<QueueCommand> CounterSession::issueProof(bool identifiedAtTerminal) {
    if (idEntry_.size() != 18 && !(identifiedAtTerminal && idEntry_.empty())) {
        notice_ = Notice{"counter.enter_resident_id", {}, {}};
        return std::nullopt;
    }
    dialog_ = Dialog::None;
    IssueProofCommand c{window_, {}, idEntry_};
    wipe(idEntry_);
    return c;
}

QueueCommand CounterSession::declineProof(const std::string& reason) {
    dialog_ = Dialog::None;
    return DeclineProofCommand{window_, {}, reason};
}

std::string CounterSession::idEntryShown() const {
    std::string shown;
    for (size_t i = 0; i < idEntry_.size(); ++i) {
        // The last 4 show once the number is complete; while typing, the newest one shows.
        const bool visible = i < 6 || (idEntry_.size() == 18 && i >= 14) ||
                             (idEntry_.size() < 18 && i + 1 == idEntry_.size());
        shown.push_back(visible ? idEntry_[i] : '*');
    }
    return shown;
}

void CounterSession::loggedIn(const std::string& staffId) {
    screen_ = Screen::Desk;
    staffIdEntry_ = staffId;
    notice_.reset();
}

void CounterSession::loggedOut() {
    screen_ = Screen::Login;
    dialog_ = Dialog::None;
    wipe(idEntry_);
    staffIdEntry_.clear();
    std::fill(pin_.begin(), pin_.end(), '0');
    pin_.clear();
    loginField_ = LoginField::StaffId;
}

void CounterSession::answered(const std::string& what, const Result<nlohmann::json>& result) {
    if (!result) {
        const std::string& code = result.error().code;
        notice_ = Notice{"error." + code, {}, result.message()};
        if (what == "login") {
            std::fill(pin_.begin(), pin_.end(), '0');
            pin_.clear();
            loginField_ = LoginField::Pin;
        }
        if (code == "auth.staff_required")
            loggedOut();
        return;
    }
    notice_.reset();
    if (what == "finish") {
        // The resident in front of the counter may rate the service now (好差评).
        ratingTicket_ = (*result).value("id", "");
        openDialog(Dialog::Rating);
    }
}

}  // namespace hall

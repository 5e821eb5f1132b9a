#include "session/ResidentSession.h"

#include <algorithm>
#include <cstdio>

#include "identity/ResidentId.h"
#include "queue/QueueCommand.h"

namespace hall {

std::string_view screenName(ResidentScreen s) {
    switch (s) {
        case ResidentScreen::Attract:
            return "attract";
        case ResidentScreen::ConfirmService:
            return "confirm";
        case ResidentScreen::Ticket:
            return "ticket";
        case ResidentScreen::Paused:
            return "paused";
        case ResidentScreen::RateScan:
            return "rate-scan";
        case ResidentScreen::Rate:
            return "rate";
        case ResidentScreen::RateThanks:
            return "rate-thanks";
        case ResidentScreen::ProofSearch:
            return "proof-search";
        case ResidentScreen::ProofPermitted:
            return "proof-permitted";
        case ResidentScreen::ProofNotIssued:
            return "proof-not-issued";
        case ResidentScreen::ProofUnknown:
            return "proof-unknown";
        case ResidentScreen::IdentityScan:
            return "identity-scan";
    }
    return "attract";
}

std::optional<ResidentScreen> screenFromName(std::string_view name) {
    for (auto s : {ResidentScreen::Attract, ResidentScreen::ConfirmService, ResidentScreen::Ticket,
                   ResidentScreen::Paused, ResidentScreen::RateScan, ResidentScreen::Rate,
                   ResidentScreen::RateThanks, ResidentScreen::ProofSearch,
                   ResidentScreen::ProofPermitted, ResidentScreen::ProofNotIssued,
                   ResidentScreen::ProofUnknown, ResidentScreen::IdentityScan}) {
        if (screenName(s) == name)
            return s;
    }
    return std::nullopt;
}

ResidentSession::ResidentSession(const HallConfig& config, QueueEngine& queue, const Clock& clock)
    : config_(config),
      queue_(queue),
      clock_(clock),
      language_(config.defaultLanguage()),
      careMode_(config.access.careMode),
      verifier_(config.identity.issuers, config.hallId) {
    lastInput_ = clock_.now();
}

void ResidentSession::start() {
    if (auto r = queue_.connect(); !r)
        pause(r.error());
}

void ResidentSession::touched() {
    lastInput_ = clock_.now();
    if (!touchedThisVisit_) {
        touchedThisVisit_ = true;
        changed();
    }
}

void ResidentSession::chooseLanguage(const std::string& language) {
    if (std::find(config_.languages.begin(), config_.languages.end(), language) ==
        config_.languages.end()) {
        return;
    }
    touched();
    if (language_ != language) {
        language_ = language;
        changed();
    }
}

void ResidentSession::helpCalled(int64_t call) {
    touched();
    if (helpCall_ != call) {
        helpCall_ = call;
        changed();
    }
}

void ResidentSession::toggleCareMode() {
    touched();
    careMode_ = !careMode_;
    changed();
}

void ResidentSession::chooseService(char letter) {
    if (screen_ != ResidentScreen::Attract)
        return;
    touched();
    const ServiceConfig* s = config_.findService(letter);
    if (!s)
        return;
    if (!queue_.isOpen(letter)) {
        notice_ = Notice{"notice.service_closed", {{"hours", s->hours.describe()}}, {}};
        changed();
        return;
    }
    notice_.reset();
    service_ = letter;
    screen_ = ResidentScreen::ConfirmService;
    changed();
}

std::optional<IssuedTicket> ResidentSession::takeTicket(std::optional<PriorityCategory> priority) {
    if (screen_ != ResidentScreen::ConfirmService || !service_)
        return std::nullopt;
    touched();
    static const std::string kNobody;
    auto issued = queue_.issueTicket(*service_, priority, requestItem_,
                                     identity_ ? identity_->idNumber : kNobody);
    if (!issued) {
        const std::string& code = issued.error().code;
        if (code.rfind("store.", 0) == 0) {
            pause(issued.error());
        } else if (code == "queue.service_closed") {
            const ServiceConfig* s = config_.findService(*service_);
            notice_ =
                Notice{"notice.service_closed", {{"hours", s ? s->hours.describe() : ""}}, {}};
            screen_ = ResidentScreen::Attract;
            service_.reset();
            forgetProofs();
            changed();
        } else {
            notice_ = Notice{"notice.cannot_issue", {}, {}};
            screen_ = ResidentScreen::Attract;
            service_.reset();
            forgetProofs();
            changed();
        }
        return std::nullopt;
    }
    ticket_ = *issued;
    forgetProofs();
    print_ = PrintState{PrintState::Phase::Printing, {}};
    notice_.reset();
    screen_ = ResidentScreen::Ticket;
    changed();
    return issued.value();
}

void ResidentSession::showCommittedTicket(IssuedTicket ticket) {
    if (screen_ == ResidentScreen::Paused)
        return;
    touched();
    ticket_ = std::move(ticket);
    service_ = ticket_->ticket.service;
    print_ = PrintState{};
    notice_.reset();
    screen_ = ResidentScreen::Ticket;
    changed();
}

void ResidentSession::back() {
    touched();
    if (screen_ == ResidentScreen::ConfirmService && !requestItem_.empty()) {
        requestItem_.clear();
        service_.reset();
        notice_.reset();
        screen_ = proofReturn_;
        changed();
    } else if (screen_ == ResidentScreen::IdentityScan) {
        notice_.reset();
        screen_ = identityReturn_;
        changed();
    } else if (screen_ == ResidentScreen::ProofSearch && search_ && !search_->category().empty()) {
        search_->browse({});
        changed();
    } else if (screen_ == ResidentScreen::ProofPermitted ||
               screen_ == ResidentScreen::ProofNotIssued ||
               screen_ == ResidentScreen::ProofUnknown) {
        proofItem_ = nullptr;
        detailPage_ = 0;
        proofWords_.clear();
        print_ = PrintState{};
        notice_.reset();
        screen_ = ResidentScreen::ProofSearch;
        changed();
    } else if (screen_ == ResidentScreen::ConfirmService || screen_ == ResidentScreen::RateScan ||
               screen_ == ResidentScreen::Rate || screen_ == ResidentScreen::RateThanks ||
               screen_ == ResidentScreen::ProofSearch) {
        resetToAttract();
    }
}

void ResidentSession::finish() {
    if (screen_ == ResidentScreen::Ticket)
        resetToAttract();
}

void ResidentSession::stillHere() {
    touched();
    if (warningShown_) {
        warningShown_.reset();
        changed();
    }
}

void ResidentSession::endVisit() {
    if (screen_ != ResidentScreen::Attract && screen_ != ResidentScreen::Paused)
        resetToAttract();
}

void ResidentSession::printFinished(bool ok, std::string detail) {
    if ((screen_ != ResidentScreen::Ticket && screen_ != ResidentScreen::ProofNotIssued) ||
        print_.phase != PrintState::Phase::Printing)
        return;
    print_ =
        PrintState{ok ? PrintState::Phase::Printed : PrintState::Phase::Failed, std::move(detail)};
    changed();
}

void ResidentSession::startRating() {
    if (screen_ != ResidentScreen::Attract)
        return;
    touched();
    notice_.reset();
    screen_ = ResidentScreen::RateScan;
    changed();
}

void ResidentSession::startIdentityScan() {
    if (screen_ != ResidentScreen::ProofPermitted)
        return;
    touched();
    notice_.reset();
    identityReturn_ = screen_;
    screen_ = ResidentScreen::IdentityScan;
    changed();
}

void ResidentSession::forgetIdentity() {
    touched();
    identity_.reset();
    changed();
}

void ResidentSession::identify(const std::string& payload) {
    const int64_t now = toUnixMillis(clock_.now()) / 1000;
    auto r = verifier_.verify(payload, now);
    if (!r) {
        // identity.expired → notice.identity_expired: the reason in plain words, nothing of
        // the code itself.
        const std::string& code = r.error().code;
        notice_ = Notice{"notice.identity_" + code.substr(code.find('.') + 1), {}, {}};
    } else if (r->kind == IdentityKind::HallTicket || r->idNumber.empty()) {
        notice_ = Notice{"notice.identity_not_a_person", {}, {}};
    } else {
        notice_.reset();
        identity_ = std::move(r).value();
        screen_ = identityReturn_;
    }
    changed();
}

void ResidentSession::lookUpTicket(const std::string& payload) {
    auto r = verifier_.verify(payload, toUnixMillis(clock_.now()) / 1000);
    if (!r || r->kind != IdentityKind::HallTicket) {
        notice_ =
            Notice{r || r.error().code != "identity.other_hall" ? "notice.lookup_not_ticket"
                                                                : "notice.identity_other_hall",
                   {},
                   {}};
        changed();
        return;
    }
    auto found = queue_.findToday(r->ticketId);
    if (!found) {
        notice_ = Notice{"notice.rating_unknown_ticket", {}, {}};
        changed();
        return;
    }
    showCommittedTicket(std::move(*found));
}

void ResidentSession::scanned(const std::string& text) {
    if (screen_ == ResidentScreen::IdentityScan) {
        touched();
        identify(text);
        return;
    }
    if (screen_ == ResidentScreen::Attract) {
        // A slip scanned at the start: where that ticket stands now (查询排队进度).
        touched();
        lookUpTicket(text);
        return;
    }
    if (screen_ != ResidentScreen::RateScan)
        return;  // a scan elsewhere means nothing
    touched();
    auto qr = parseTicketQrPayload(text);
    if (!qr) {
        notice_ = Notice{"notice.rating_unreadable", {}, {}};
    } else if (qr->hallId != config_.hallId) {
        notice_ = Notice{"notice.rating_other_hall", {}, {}};
    } else if (auto t = queue_.findToday(qr->ticketId); !t) {
        notice_ = Notice{"notice.rating_unknown_ticket", {}, {}};
    } else if (t->ticket.status != TicketStatus::Done) {
        notice_ = Notice{"notice.rating_not_served", {{"number", t->ticket.number}}, {}};
    } else if (queue_.isRated(t->ticket.id)) {
        notice_ = Notice{"notice.rating_already", {{"number", t->ticket.number}}, {}};
    } else {
        notice_.reset();
        ratingTicket_ = t->ticket.id;
        ratingNumber_ = t->ticket.number;
        ratingScore_ = 0;
        ratingReasons_.clear();
        screen_ = ResidentScreen::Rate;
    }
    changed();
}

void ResidentSession::chooseScore(int score) {
    if (screen_ != ResidentScreen::Rate || score < 1 || score > 5)
        return;
    touched();
    ratingScore_ = score;
    changed();
}

void ResidentSession::toggleReason(const std::string& code) {
    if (screen_ != ResidentScreen::Rate)
        return;
    touched();
    auto it = std::find(ratingReasons_.begin(), ratingReasons_.end(), code);
    if (it == ratingReasons_.end()) {
        ratingReasons_.push_back(code);
    } else {
        ratingReasons_.erase(it);
    }
    changed();
}

void ResidentSession::submitRating() {
    if (screen_ != ResidentScreen::Rate)
        return;
    touched();
    if (ratingScore_ == 0) {
        notice_ = Notice{"rating.choose_score", {}, {}};
        changed();
        return;
    }
    auto r = queue_.execute(RateCommand{ratingTicket_, ratingScore_, ratingReasons_, "kiosk"},
                            Actor{"kiosk", {}, false});
    if (!r) {
        const std::string& code = r.error().code;
        if (code.rfind("store.", 0) == 0) {
            pause(r.error());
            return;
        }
        notice_ =
            Notice{code == "queue.already_rated" ? "notice.rating_already" : "notice.cannot_issue",
                   {{"number", ratingNumber_}},
                   r.message()};
        changed();
        return;
    }
    notice_.reset();
    screen_ = ResidentScreen::RateThanks;
    changed();
}

void ResidentSession::setIssuerKeys(IssuerKeys issuers) {
    verifier_ = IdentityVerifier(std::move(issuers), config_.hallId);
}

void ResidentSession::setProofCatalog(std::shared_ptr<const ProofCatalog> catalog) {
    forgetProofs();
    screener_.reset();
    candidates_.reset();
    screenerDay_.clear();
    catalog_ = std::move(catalog);
    queue_.setProofCatalog(catalog_);  // requests on tickets are checked against the same list
    if (catalog_)
        candidates_ = std::make_unique<HanziCandidates>(*catalog_);
    changed();
}

void ResidentSession::startProofSearch() {
    if (screen_ != ResidentScreen::Attract || !catalog_)
        return;
    touched();
    const std::string day = queue_.serviceDay();
    if (!screener_ || screenerDay_ != day) {
        // Items come into and out of force by date (effective_from/until).
        screener_ = std::make_unique<ProofScreener>(*catalog_, day);
        screenerDay_ = day;
    }
    search_.emplace(*screener_, *candidates_);
    // A resident reading Korean gets the Korean keyboard first; pinyin is one key away.
    if (language_ == "ko")
        search_->useKeys(ProofSearch::Keys::Hangul);
    notice_.reset();
    screen_ = ResidentScreen::ProofSearch;
    changed();
}

void ResidentSession::proofSwitchKeys() {
    if (screen_ != ResidentScreen::ProofSearch || !search_)
        return;
    touched();
    const bool korean = std::find(config_.languages.begin(), config_.languages.end(), "ko") !=
                        config_.languages.end();
    using Keys = ProofSearch::Keys;
    Keys next = Keys::Pinyin;
    switch (search_->keys()) {
        case Keys::Pinyin:
            next = handwriting_ ? Keys::Handwriting : korean ? Keys::Hangul : Keys::Pinyin;
            break;
        case Keys::Handwriting:
            next = korean ? Keys::Hangul : Keys::Pinyin;
            break;
        case Keys::Hangul:
            next = Keys::Pinyin;
            break;
    }
    search_->useKeys(next);
    changed();
}

void ResidentSession::proofStroke(std::vector<Handwriting::Point> points) {
    if (screen_ != ResidentScreen::ProofSearch || !search_)
        return;
    touched();
    search_->stroke(std::move(points));
    changed();
}

void ResidentSession::proofClearWriting() {
    if (screen_ != ResidentScreen::ProofSearch || !search_)
        return;
    touched();
    search_->clearWriting();
    changed();
}

void ResidentSession::proofWritingCandidates(std::vector<char32_t> characters) {
    if (screen_ != ResidentScreen::ProofSearch || !search_)
        return;
    search_->writingCandidates(std::move(characters));
    changed();
}

void ResidentSession::proofShift() {
    if (screen_ != ResidentScreen::ProofSearch || !search_)
        return;
    touched();
    search_->toggleShift();
    changed();
}

void ResidentSession::proofKey(char letter) {
    if (screen_ != ResidentScreen::ProofSearch || !search_)
        return;
    touched();
    search_->key(letter);
    changed();
}

void ResidentSession::proofBackspace() {
    if (screen_ != ResidentScreen::ProofSearch || !search_)
        return;
    touched();
    search_->backspace();
    changed();
}

void ResidentSession::proofClear() {
    if (screen_ != ResidentScreen::ProofSearch || !search_)
        return;
    touched();
    search_->clear();
    changed();
}

void ResidentSession::proofCandidate(size_t index) {
    if (screen_ != ResidentScreen::ProofSearch || !search_)
        return;
    touched();
    search_->pickCandidate(index);
    changed();
}

void ResidentSession::proofBrowse(const std::string& categoryId) {
    if (screen_ != ResidentScreen::ProofSearch || !search_ || !catalog_->findCategory(categoryId))
        return;
    touched();
    search_->browse(categoryId);
    changed();
}

void ResidentSession::proofPage(int delta) {
    if (screen_ != ResidentScreen::ProofSearch || !search_)
        return;
    touched();
    if (delta > 0) {
        search_->nextPage();
    } else {
        search_->previousPage();
    }
    changed();
}

void ResidentSession::chooseProof(const std::string& itemId) {
    if (screen_ != ResidentScreen::ProofSearch || !search_)
        return;
    touched();
    const ProofItem* item = catalog_->findItem(itemId);
    if (!item)
        return;
    const bool permitted = item->decision == ProofDecision::Permitted;
    if (search_->asking()) {
        // The answer to "which one?": kept for the city to review what residents choose.
        recordScreening(permitted ? "permitted" : "not_issued", item->id, search_->typed(),
                        offeredChoices());
    } else {
        recordScreening(permitted ? "permitted" : "not_issued", item->id, {});
    }
    if (screen_ == ResidentScreen::Paused)
        return;
    proofItem_ = item;
    detailPage_ = 0;
    print_ = PrintState{};
    notice_.reset();
    screen_ = permitted ? ResidentScreen::ProofPermitted : ResidentScreen::ProofNotIssued;
    changed();
}

void ResidentSession::detailPage(int delta) {
    if (screen_ != ResidentScreen::ProofPermitted && screen_ != ResidentScreen::ProofNotIssued)
        return;
    touched();
    detailPage_ = std::max(0, detailPage_ + delta);
    changed();
}

void ResidentSession::proofNotFound() {
    if (screen_ != ResidentScreen::ProofSearch || !search_)
        return;
    touched();
    const ScreeningResult& verdict = search_->verdict();
    if (!verdict.unmatched.empty())
        recordScreening("unknown", {}, verdict.unmatched, offeredChoices());
    if (screen_ == ResidentScreen::Paused)
        return;
    proofItem_ = nullptr;
    proofWords_ = search_->typed();
    notice_.reset();
    screen_ = ResidentScreen::ProofUnknown;
    changed();
}

void ResidentSession::takeProofTicket() {
    if (screen_ != ResidentScreen::ProofPermitted && screen_ != ResidentScreen::ProofNotIssued &&
        screen_ != ResidentScreen::ProofUnknown)
        return;
    touched();
    const bool permitted = screen_ == ResidentScreen::ProofPermitted;
    const char letter =
        permitted ? config_.proofs.certificateService : config_.proofs.consultationService;
    const ServiceConfig* s = config_.findService(letter);
    if (!s)
        return;
    if (!queue_.isOpen(letter)) {
        notice_ = Notice{"notice.service_closed", {{"hours", s->hours.describe()}}, {}};
        changed();
        return;
    }
    proofReturn_ = screen_;
    requestItem_ = proofItem_ ? proofItem_->id : std::string();
    service_ = letter;
    notice_.reset();
    screen_ = ResidentScreen::ConfirmService;
    changed();
}

const ProofItem* ResidentSession::startReferralPrint() {
    if (screen_ != ResidentScreen::ProofNotIssued || !proofItem_ ||
        print_.phase == PrintState::Phase::Printing)
        return nullptr;
    touched();
    print_ = PrintState{PrintState::Phase::Printing, {}};
    changed();
    return proofItem_;
}

std::vector<std::string> ResidentSession::offeredChoices() const {
    std::vector<std::string> ids;
    if (search_ && search_->asking()) {
        for (const auto& m : search_->verdict().choices)
            ids.push_back(m.item->id);
    }
    return ids;
}

void ResidentSession::recordScreening(const std::string& decision, const std::string& itemId,
                                      const std::string& words, std::vector<std::string> offered) {
    auto r =
        queue_.execute(RecordScreeningCommand{decision, itemId, words, "kiosk", std::move(offered)},
                       Actor{"kiosk", {}, false});
    // A snapshot's read-only view shows the answer without recording a visit that never was.
    if (!r && r.error().code.rfind("store.", 0) == 0 && r.error().code != "store.read_only") {
        pause(r.error());
    } else if (!r) {
        // A catalogue mismatch: the resident still gets the answer on screen.
        std::fprintf(stderr, "kiosk: the screening was not recorded: %s\n", r.message().c_str());
    }
}

void ResidentSession::forgetProofs() {
    if (search_)
        search_->wipe();
    search_.reset();
    proofItem_ = nullptr;
    detailPage_ = 0;
    wipe(proofWords_);
    requestItem_.clear();
    proofReturn_ = ResidentScreen::Attract;
    identity_.reset();
}

void ResidentSession::resetToAttract() {
    ratingTicket_.clear();
    ratingNumber_.clear();
    ratingScore_ = 0;
    ratingReasons_.clear();
    forgetProofs();
    screen_ = ResidentScreen::Attract;
    service_.reset();
    ticket_.reset();
    print_ = PrintState{};
    notice_.reset();
    language_ = config_.defaultLanguage();
    careMode_ = config_.access.careMode;
    touchedThisVisit_ = false;
    helpCall_.reset();
    warningShown_.reset();
    changed();
}

void ResidentSession::pause(Error reason) {
    // In the log as well as on screen: a maintainer reads the log from afar.
    std::fprintf(stderr, "kiosk: ticketing paused: %s\n", reason.message.c_str());
    resetToAttract();
    screen_ = ResidentScreen::Paused;
    pauseReason_ = std::move(reason);
    nextProbe_ = clock_.now() + kProbeInterval;
    changed();
}

void ResidentSession::tick() {
    const TimePoint now = clock_.now();
    if (screen_ == ResidentScreen::Paused) {
        if (now < nextProbe_)
            return;
        if (auto r = queue_.probe(); r) {
            std::fprintf(stderr, "kiosk: ticketing resumed: the store takes writes again\n");
            pauseReason_.reset();
            resetToAttract();
        } else {
            if (!pauseReason_ || pauseReason_->message != r.message()) {
                std::fprintf(stderr, "kiosk: ticketing still paused: %s\n", r.message().c_str());
                pauseReason_ = r.error();
                changed();
            }
            nextProbe_ = now + kProbeInterval;
        }
        return;
    }
    const bool inVisit = screen_ != ResidentScreen::Attract;
    if (screen_ == ResidentScreen::RateThanks && now - lastInput_ >= kThanksShown) {
        resetToAttract();
    } else if (inVisit && now >= idleEnd()) {
        resetToAttract();
    } else if (screen_ == ResidentScreen::Attract && notice_ &&
               now - lastInput_ >= std::chrono::seconds(config_.idleTimeoutSeconds)) {
        notice_.reset();
        changed();
    } else if (const auto warning = timeoutWarning(); warning != warningShown_) {
        warningShown_ = warning;
        changed();
    }
}

TimePoint ResidentSession::nextDeadline() const {
    if (screen_ == ResidentScreen::Paused)
        return nextProbe_;
    if (screen_ == ResidentScreen::Attract && !notice_)
        return TimePoint::max();
    if (screen_ == ResidentScreen::RateThanks)
        return lastInput_ + kThanksShown;
    const TimePoint idleStart = lastInput_ + std::chrono::seconds(config_.idleTimeoutSeconds);
    const bool countsDown =
        screen_ == ResidentScreen::Ticket || (warnsBeforeTimeout() && clock_.now() >= idleStart);
    if (!countsDown)
        return screen_ == ResidentScreen::Attract ? idleStart : std::min(idleStart, idleEnd());
    // A countdown on screen (the ticket's, the warning's) changes every second.
    const auto elapsed = clock_.now() - lastInput_;
    const auto nextSecond = lastInput_ + std::chrono::ceil<std::chrono::seconds>(
                                             elapsed + std::chrono::milliseconds(1));
    return std::min(idleEnd(), nextSecond);
}

bool ResidentSession::warnsBeforeTimeout() const {
    return screen_ != ResidentScreen::Attract && screen_ != ResidentScreen::Paused &&
           screen_ != ResidentScreen::Ticket && screen_ != ResidentScreen::RateThanks;
}

TimePoint ResidentSession::idleEnd() const {
    const auto warning = warnsBeforeTimeout() ? std::chrono::seconds(config_.timeoutWarningSeconds)
                                              : std::chrono::seconds(0);
    return lastInput_ + std::chrono::seconds(config_.idleTimeoutSeconds) + warning;
}

std::optional<int> ResidentSession::timeoutWarning() const {
    if (!warnsBeforeTimeout())
        return std::nullopt;
    const TimePoint now = clock_.now();
    if (now < lastInput_ + std::chrono::seconds(config_.idleTimeoutSeconds))
        return std::nullopt;
    const auto left = std::chrono::ceil<std::chrono::seconds>(idleEnd() - now);
    return std::max(0, static_cast<int>(left.count()));
}

int ResidentSession::secondsUntilIdleReturn() const {
    const auto left = lastInput_ + std::chrono::seconds(config_.idleTimeoutSeconds) - clock_.now();
    return std::max(0, static_cast<int>(std::chrono::ceil<std::chrono::seconds>(left).count()));
}

}  // namespace hall

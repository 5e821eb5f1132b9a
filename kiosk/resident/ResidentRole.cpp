#include "resident/ResidentRole.h"

#include "lan/LanProtocol.h"
#include "service/ServiceNotifier.h"

#include <cstdio>

#include "identity/ResidentId.h"
#include "print/ReferralSlip.h"
#include "print/TicketSlip.h"
#include "proofs/ProofCatalog.h"
#include "queue/TicketLedger.h"
#include "screens/OutOfServiceScreen.h"
#include "sync/BundleContent.h"
#include "text/Hangul.h"
#include "text/Utf8.h"
#include "update/UpdateJournal.h"

namespace hall {

ResidentRole::ResidentRole(const HallConfig& config, const Translations& tr, CorrectedClock& clock,
                           QueueEngine::Access access)
    : config_(config),
      tr_(tr),
      clock_(clock),
      access_(access),
      queue_(config, clock, access),
      session_(config, queue_, clock),
      update_(config.dataDir / "update", runningRelease()) {
    // The model (27 MB in memory) is read when a resident first writes; here only whether it
    // is there, so the pad is offered.
    const auto& model = config.proofs.handwritingModel;
    if (!model.empty()) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(model, ec)) {
            session_.offerHandwriting(true);
        } else {
            std::fprintf(stderr,
                         "kiosk: no handwriting on the proof search: %s is missing (install "
                         "tegaki-zinnia-simplified-chinese)\n",
                         model.c_str());
        }
    }
}

ResidentRole::~ResidentRole() {
    stop();
}

std::vector<ShownString> ResidentRole::shownStrings() const {
    auto strings = stringsTheUiCanShow(config_, tr_);
    // What a Korean reader can type on the proof search's Korean keyboard.
    const auto& langs = config_.languages;
    if (std::find(langs.begin(), langs.end(), "ko") != langs.end()) {
        const std::u32string typeable = hangul::typeableText();
        strings.push_back({"the Korean keyboard (KS X 1001 syllables)",
                           utf8::encode(std::vector<char32_t>(typeable.begin(), typeable.end()))});
    }
    if (const ProofCatalog* catalog = session_.proofCatalog()) {
        auto more = stringsOfProofCatalog(*catalog);
        strings.insert(strings.end(), more.begin(), more.end());
    }
    return strings;
}

std::set<char32_t> ResidentRole::bigGlyphs() const {
    std::set<char32_t> glyphs{U'0', U'1', U'2', U'3', U'4', U'5', U'6', U'7', U'8', U'9'};
    for (const auto& s : config_.services)
        glyphs.insert(static_cast<char32_t>(s.letter));
    return glyphs;
}

void ResidentRole::loadProofCatalog() {
    if (bundles_) {
        if (auto bundle = bundles_->inForce(sync::BundleKind::Catalog)) {
            auto published = parseProofCatalog(
                bundle->content, "catalog bundle version " + std::to_string(bundle->version));
            if (published) {
                auto shared = std::make_shared<const ProofCatalog>(std::move(published).value());
                std::fprintf(stderr,
                             "kiosk: proof catalogue %s version %d (bundle version %lld): %zu "
                             "items\n",
                             shared->id.c_str(), shared->version,
                             static_cast<long long>(bundle->version), shared->items.size());
                session_.setProofCatalog(shared);
                return;
            }
            std::fprintf(stderr, "kiosk: the published catalogue is left out: %s\n",
                         published.message().c_str());
        }
    }
    if (config_.proofs.catalog.empty())
        return;
    auto catalog = hall::loadProofCatalog(config_.proofs.catalog);
    if (!catalog) {
        // The queue works without it; maintainers see why in the log and fix the file.
        std::fprintf(stderr, "kiosk: proof screening is off: %s\n", catalog.message().c_str());
        return;
    }
    auto shared = std::make_shared<const ProofCatalog>(std::move(catalog).value());
    std::fprintf(stderr, "kiosk: proof catalogue %s version %d: %zu items\n", shared->id.c_str(),
                 shared->version, shared->items.size());
    session_.setProofCatalog(shared);
}

Result<void> ResidentRole::start(std::function<void()> wake) {
    session_.start();
    if (access_ == QueueEngine::Access::ReadOnly)
        return {};
    if (auto printer = makeReceiptPrinter(config_.printer)) {
        std::fprintf(stderr, "kiosk: printing to %s\n", printer->describe().c_str());
        printer_ = std::make_unique<AsyncPrinter>(
            std::move(printer), [this, wake](uint64_t job, Result<void> outcome) {
                {
                    std::lock_guard lock(printMutex_);
                    printOutcomes_.emplace_back(job, std::move(outcome));
                }
                wake();
            });
    }
    if (config_.lan.enabled) {
        server_ = std::make_unique<HallServer>(queue_, config_, clock_);
        if (auto r = server_->start(); !r) {
            // Residents can still take tickets; counters will show that the hall is unreachable.
            std::fprintf(stderr, "kiosk: the hall LAN API is not running: %s\n",
                         r.message().c_str());
            server_.reset();
        } else if (ServiceNotifier().watchdogInterval().count() > 0) {
            // Under systemd's watchdog: the LAN API and the queue are asked, as a counter
            // would, whether they still answer (stalled()).
            liveness_ = std::make_unique<net::LivenessProbe>(
                net::LivenessProbe::localUrl(config_.lan.listenAddress, server_->port(),
                                             lan::kPathTime),
                config_.lan.certificate, [this] { (void)queue_.revision(); });
        }
    }
    voice_ = ResidentVoice::start(config_, tr_);
    std::optional<DeviceKey> terminalKey;
    if (!config_.central.url.empty()) {
        // The hall keeps working without the central service; events wait in the outbox.
        if (auto key = DeviceKey::load(config_.central.keyFile)) {
            terminalKey = *key;
            central_ = std::make_unique<CentralLink>(
                queue_, config_.hallId,
                CentralEndpoint{config_.central.url, config_.central.certificate},
                std::move(key).value(), clock_);
            central_->keepTime(&clock_);
            central_->reportSoftware([running = update_.version()] {
                return update::reportedStatus(updaterJournal(), running);
            });
            if (bundles_) {
                central_->takeBundles(
                    bundles_,
                    [this](const sync::Bundle& b) { return sync::checkBundleContent(b, config_); },
                    [this, wake](sync::BundleKind kind) {
                        {
                            std::lock_guard lock(bundleMutex_);
                            newBundles_.insert(kind);
                        }
                        wake();
                    },
                    std::chrono::seconds(config_.central.bundleCheckSeconds));
            }
            central_->start();
        } else {
            std::fprintf(stderr,
                         "kiosk: not uploading to the central service: %s (enrol with kioskctl "
                         "central enrol)\n",
                         key.message().c_str());
        }
    }
    scanners_ = makeScanSources(config_.scanners);
    health_ = std::make_unique<HealthProbe>(HealthProbe::Parts{
        config_, update_.version(), clock_, queue_, printer_.get(), central_.get(), server_.get()});
    for (size_t i = 0; i < scanners_.all.size(); ++i) {
        scanners_.all[i]->start([this, wake, i](ScanEvent e) {
            health_->noteScanner(i, e.kind);
            {
                std::lock_guard lock(scanMutex_);
                scanEvents_.push_back(std::move(e));
            }
            wake();
        });
    }
    if (terminalKey) {
        // Orders signed by the central's order key (from enrolment) or a hall's publisher.
        auto trusted = enrolledOrderSigners(config_.central.keyFile);
        trusted.insert(config_.central.publishers.begin(), config_.central.publishers.end());
        if (auto desk = OrderDesk::open(terminalKey->id, trusted, config_.dataDir / "orders")) {
            orders_ = std::move(desk).value();
        } else {
            std::fprintf(stderr, "kiosk: remote orders are off: %s\n", desk.message().c_str());
        }
        // The probe must exist before the first heartbeat asks it.
        heartbeat_ = std::make_unique<HeartbeatSender>(
            CentralEndpoint{config_.central.url, config_.central.certificate},
            std::move(*terminalKey), [this] { return health_->gather(); },
            std::chrono::seconds(config_.central.heartbeatSeconds), orders_.get());
    }
    HallServer* server = server_.get();
    CentralLink* central = central_.get();
    queue_.setChangeListener([server, central, wake] {
        if (server)
            server->notifyChanged();
        if (central)
            central->wake();
        wake();
    });
    return {};
}

void ResidentRole::stop() {
    for (auto& source : scanners_.all)
        source->stop();
    {
        std::lock_guard lock(scanMutex_);
        for (auto& e : scanEvents_)
            wipe(e.text);
        scanEvents_.clear();
    }
    queue_.setChangeListener(nullptr);
    heartbeat_.reset();
    central_.reset();
    liveness_.reset();
    if (server_)
        server_->stop();
    server_.reset();
    printer_.reset();
}

void ResidentRole::takeTicket(std::optional<PriorityCategory> priority) {
    auto issued = session_.takeTicket(priority);
    if (!issued)
        return;
    // Committed: only now may it be printed.
    if (printer_) {
        printJob_ = printer_->submit(makeTicketSlip(*issued, config_, tr_));
    } else {
        session_.printFinished(false, "no printer configured");
    }
}

bool ResidentRole::nobodyServed() {
    if (session_.screen() != ResidentScreen::Attract)
        return false;
    const auto snapshot = queue_.snapshot();
    for (const auto& w : snapshot.windows) {
        if (w.current)
            return false;
    }
    return true;
}

void ResidentRole::takeUpdateTurn() {
    if (config_.central.url.empty())
        return;  // no central, no updater
    const int64_t now = toUnixMillis(clock_.now());
    const bool hold = update_.holding([this] { return nobodyServed(); }, now);
    if (hold != holdingForUpdate_) {
        holdingForUpdate_ = hold;
        ++revision_;
    }
    const bool lan = server_ && (!liveness_ || liveness_->answeredWithin(std::chrono::seconds(10)));
    const bool central = central_ && central_->status().lastSuccessMs > 0;
    update_.proveIfWorking(startShown_, session_.screen() != ResidentScreen::Paused, lan, central,
                           now);
}

TimePoint ResidentRole::nextDeadline() const {
    TimePoint session = session_.nextDeadline();
    // An updater may ask for the hall, and a new version must prove itself: looked at every
    // second (a file read; nothing is drawn unless it changes something).
    if (!config_.central.url.empty())
        session = std::min(session,
                           clock_.now() + std::chrono::milliseconds(UpdateHandshake::kLookEveryMs));
    // While the live picture shows, look for a new frame ten times a second.
    if (session_.screen() == ResidentScreen::IdentityScan && scanners_.camera)
        return std::min(session, clock_.now() + std::chrono::milliseconds(100));
    return session;
}

void ResidentRole::printReferral() {
    const ProofItem* item = session_.startReferralPrint();
    if (!item)
        return;
    if (printer_) {
        printJob_ = printer_->submit(makeReferralSlip(*item, config_, tr_, clock_.now()));
    } else {
        session_.printFinished(false, "no printer configured");
    }
}

void ResidentRole::update() {
    std::vector<std::pair<uint64_t, Result<void>>> outcomes;
    {
        std::lock_guard lock(printMutex_);
        outcomes.swap(printOutcomes_);
    }
    for (auto& [job, outcome] : outcomes) {
        if (!outcome)
            std::fprintf(stderr, "kiosk: printing failed: %s\n", outcome.message().c_str());
        // Only the slip of the ticket on screen changes what the screen says.
        if (job == printJob_)
            session_.printFinished(outcome.ok(), outcome ? "" : outcome.message());
    }
    std::vector<ScanEvent> scans;
    {
        std::lock_guard lock(scanMutex_);
        scans.swap(scanEvents_);
    }
    for (auto& e : scans) {
        if (e.kind == ScanEvent::Kind::Code) {
            session_.scanned(e.text);
            wipe(e.text);
        } else {
            // Device news for maintainers; never a code.
            std::fprintf(stderr, "kiosk: scanner: %s\n", e.text.c_str());
        }
    }
    // The camera works only while a screen asks for a code.
    if (scanners_.camera) {
        scanners_.camera->setActive(session_.screen() == ResidentScreen::IdentityScan ||
                                    session_.screen() == ResidentScreen::RateScan);
    }
    // The live picture: a new frame is a change while the scan screen shows it.
    if (session_.screen() == ResidentScreen::IdentityScan && scanners_.camera &&
        scanners_.camera->framesCaptured() != seenFrames_) {
        seenFrames_ = scanners_.camera->framesCaptured();
        ++revision_;
    }
    applyNewBundles();
    takeOrders();
    takeUpdateTurn();
    session_.tick();
    if (health_)
        health_->noteScreen(screenName(session_.screen()));
    if (voice_)
        voice_->follow(session_, [this](char s) { return waitingFor(s); });
    const int countdown =
        session_.screen() == ResidentScreen::Ticket ? session_.secondsUntilIdleReturn() : -1;
    const uint64_t queueRevision = queue_.revision();
    if (session_.revision() != seenSession_ || queueRevision != seenQueue_ ||
        countdown != seenCountdown_) {
        seenSession_ = session_.revision();
        seenQueue_ = queueRevision;
        seenCountdown_ = countdown;
        ++revision_;
    }
}

void ResidentRole::proofStroke(std::vector<Handwriting::Point> points) {
    session_.proofStroke(std::move(points));
    if (!session_.offersHandwriting() || !session_.proofSearch())
        return;
    if (!handwriting_) {
        auto opened = HandwritingRecognizer::open(config_.proofs.handwritingModel);
        if (!opened) {
            std::fprintf(stderr, "kiosk: %s\n", opened.message().c_str());
            session_.offerHandwriting(false);
            return;
        }
        handwriting_ = std::move(opened).value();
    }
    // Only characters the screen can draw (the fonts hold what the UI and the catalogue use,
    // the characters a proof can be found by): the first of those among the likeliest 40.
    if (drawable_.empty()) {
        for (const auto& s : shownStrings()) {
            if (auto decoded = utf8::decode(s.text))
                drawable_.insert(decoded->begin(), decoded->end());
        }
    }
    std::vector<char32_t> candidates;
    for (char32_t c : handwriting_->recognize(session_.proofSearch()->writing(), 40)) {
        if (drawable_.count(c) && candidates.size() < ProofSearch::kCandidates)
            candidates.push_back(c);
    }
    session_.proofWritingCandidates(std::move(candidates));
}

void ResidentRole::hearAgain() {
    session_.touched();
    if (voice_)
        voice_->again(session_, [this](char s) { return waitingFor(s); });
}

void ResidentRole::louder() {
    session_.touched();
    if (voice_)
        voice_->louder(session_, [this](char s) { return waitingFor(s); });
}

void ResidentRole::callForHelp() {
    auto r = queue_.execute(CallHelpCommand{std::string(screenName(session_.screen()))},
                            Actor{"kiosk", {}, false});
    if (!r) {
        // The store refuses writes: no counter can be told. The button stays as it was and the
        // start screen already tells residents to ask at the desk; staff see this in the log.
        std::fprintf(stderr, "kiosk: the call for help was not recorded: %s\n",
                     r.message().c_str());
        session_.touched();
        return;
    }
    session_.helpCalled((*r)["id"].get<int64_t>());
    if (voice_)
        voice_->say(session_, "voice.help_called");
}

HelpShown ResidentRole::helpShown() {
    const auto call = session_.helpCall();
    if (!call)
        return HelpShown::None;
    for (const HelpCall& h : queue_.snapshot().help) {
        if (h.id == *call)
            return h.open() ? HelpShown::Called : HelpShown::Acknowledged;
    }
    return HelpShown::Acknowledged;  // answered a while ago
}

void ResidentRole::applyNewBundles() {
    if (session_.screen() != ResidentScreen::Attract)
        return;
    std::set<sync::BundleKind> kinds;
    {
        std::lock_guard lock(bundleMutex_);
        kinds.swap(newBundles_);
    }
    for (auto kind : kinds) {
        if (kind == sync::BundleKind::Catalog) {
            loadProofCatalog();
            ++glyphRevision_;  // new items may hold characters the fonts do not have yet
            drawable_.clear();
        } else if (kind == sync::BundleKind::IssuerKeys) {
            if (auto bundle = bundles_->inForce(kind)) {
                if (auto keys = sync::parseIssuerKeysBundle(bundle->content)) {
                    session_.setIssuerKeys(std::move(keys).value());
                    std::fprintf(stderr, "kiosk: %zu issuers of identity codes in force\n",
                                 keys->size());
                }
            }
        } else {
            // Services, windows and timeouts shape the whole queue and every screen: the role
            // is built again from the config, now at the start screen, where nobody is midway.
            std::fprintf(stderr, "kiosk: a new published config: starting the hall again\n");
            restart_ = true;
        }
        ++revision_;
    }
}

void ResidentRole::takeOrders() {
    if (!orders_ || screenshotOrder_ || session_.screen() != ResidentScreen::Attract)
        return;
    auto order = orders_->next();
    if (!order)
        return;
    switch (order->kind) {
        case orders::OrderKind::Screenshot:
            screenshotOrder_ = std::move(order);  // the runner writes the next settled frame
            break;
        case orders::OrderKind::Restart:
            // Recorded first: the terminal that comes back must not restart again.
            orders_->finished(*order, "done", "restarted at the start screen");
            restart_ = true;
            break;
        case orders::OrderKind::OutOfService:
            orders_->setOutOfService(order->message);
            orders_->finished(*order, "done", "out of service");
            break;
        case orders::OrderKind::InService:
            orders_->setOutOfService(std::nullopt);
            orders_->finished(*order, "done", "in service");
            break;
    }
    ++revision_;
}

std::optional<std::filesystem::path> ResidentRole::screenshotWanted() const {
    if (!screenshotOrder_)
        return std::nullopt;
    return orders_->screenshotFile(*screenshotOrder_);
}

void ResidentRole::screenshotTaken(bool written) {
    if (!screenshotOrder_)
        return;
    if (written)
        orders_->screenshotTaken(*screenshotOrder_, orders_->screenshotFile(*screenshotOrder_));
    else
        orders_->finished(*screenshotOrder_, "failed", "the screen could not be read");
    screenshotOrder_.reset();
}

void ResidentRole::draw(Canvas& canvas) {
    if (auto notice = remoteNotice()) {
        drawOutOfServiceScreen(canvas, &tr_, config_.languages, *notice);
        return;
    }
    if (holdingForUpdate_) {
        startShown_ = true;
        drawOutOfServiceScreen(
            canvas, &tr_, config_.languages,
            "installing a software update (hall-updater); back in a few minutes");
        return;
    }
    if (session_.screen() == ResidentScreen::Attract)
        startShown_ = true;
    ScreenContext ctx{canvas,  session_, *this,
                      config_, tr_,      toHallLocal(clock_.now(), config_.utcOffsetMinutes),
                      {},      {}};
    // A snapshot shows the screen as the hall's config has it, voice buttons included.
    ctx.voice =
        voice_ != nullptr || (access_ == QueueEngine::Access::ReadOnly && config_.voice.enabled);
    ctx.help = helpShown();
    ctx.liveStroke = &liveStroke_;
    if (session_.screen() == ResidentScreen::IdentityScan && scanners_.camera) {
        const uint64_t captured = scanners_.camera->framesCaptured();
        if (captured != shownFrames_) {
            if (auto frame = scanners_.camera->latestFrame())
                preview_.show(*frame);
            shownFrames_ = captured;
        }
        if (!preview_.empty())
            ctx.camera = CameraView{preview_.id(), preview_.width(), preview_.height()};
    } else if (!preview_.empty()) {
        preview_.clear();
        shownFrames_ = 0;
    }
    for (const auto& s : config_.services) {
        ctx.services[s.letter] =
            ServiceGlance{queue_.waitingCount(s.letter), queue_.isOpen(s.letter)};
    }
    switch (session_.screen()) {
        case ResidentScreen::Attract:
            drawAttractScreen(ctx);
            break;
        case ResidentScreen::ConfirmService:
            drawConfirmServiceScreen(ctx);
            break;
        case ResidentScreen::Ticket:
            drawTicketScreen(ctx);
            break;
        case ResidentScreen::Paused:
            drawPausedScreen(ctx);
            break;
        case ResidentScreen::RateScan:
            drawRateScanScreen(ctx);
            break;
        case ResidentScreen::Rate:
            drawRateScreen(ctx);
            break;
        case ResidentScreen::RateThanks:
            drawRateThanksScreen(ctx);
            break;
        case ResidentScreen::ProofSearch:
            drawProofSearchScreen(ctx);
            break;
        case ResidentScreen::ProofPermitted:
            drawProofPermittedScreen(ctx);
            break;
        case ResidentScreen::ProofNotIssued:
            drawProofNotIssuedScreen(ctx);
            break;
        case ResidentScreen::ProofUnknown:
            drawProofUnknownScreen(ctx);
            break;
        case ResidentScreen::IdentityScan:
            drawIdentityScanScreen(ctx);
            break;
    }
    if (const auto secondsLeft = session_.timeoutWarning())
        drawTimeoutWarning(ctx, *secondsLeft);
}

bool ResidentRole::prepareSnapshot(const std::string& screen) {
    // Each screen from the start screen, so several can be drawn in one run.
    session_.endVisit();
    if (screen == "attract")
        return true;
    if (screen == "paused") {
        if (session_.screen() == ResidentScreen::Paused)
            return true;
        std::fprintf(stderr, "kiosk: the store is working, so the paused screen is not showing\n");
        return false;
    }
    if (session_.screen() == ResidentScreen::Paused) {
        std::fprintf(stderr,
                     "kiosk: the terminal is paused (%s); only --screen paused can be shown\n",
                     session_.pauseReason() ? session_.pauseReason()->message.c_str() : "");
        return false;
    }
    auto shown = [&](ResidentScreen wanted, const char* why) {
        if (session_.screen() == wanted)
            return true;
        std::fprintf(stderr, "kiosk: no %s screen to show: %s\n", screen.c_str(), why);
        return false;
    };
    if (screen == "confirm") {
        for (const auto& s : config_.services) {
            session_.chooseService(s.letter);
            if (session_.screen() == ResidentScreen::ConfirmService)
                return true;
        }
        std::fprintf(stderr, "kiosk: no service is taking tickets now, so no confirm screen\n");
        return false;
    }
    if (screen == "ticket") {
        auto latest = queue_.latestTicketToday();
        if (!latest || !*latest) {
            std::fprintf(
                stderr,
                "kiosk: no ticket has been issued today, so there is no ticket screen to show\n");
            return false;
        }
        session_.showCommittedTicket(std::move(**latest));
        return true;
    }
    if (screen == "rate-scan") {
        session_.startRating();
        return shown(ResidentScreen::RateScan, "rating is not offered");
    }
    if (screen == "rate") {
        session_.startRating();
        if (const auto ticket = finishedUnratedTicket())
            session_.scanned(ticketQrPayload(config_.hallId, *ticket));
        return shown(ResidentScreen::Rate, "no ticket served today is waiting for its rating");
    }
    if (screen.rfind("proof-", 0) == 0 || screen == "identity-scan") {
        session_.startProofSearch();
        if (!shown(ResidentScreen::ProofSearch, "this hall has no proof catalogue"))
            return false;
        if (screen == "proof-search")
            return true;
        if (screen == "proof-handwriting") {
            for (int i = 0;
                 i < 3 && session_.proofSearch()->keys() != ProofSearch::Keys::Handwriting; ++i)
                session_.proofSwitchKeys();
            if (session_.proofSearch()->keys() == ProofSearch::Keys::Handwriting)
                return true;
            std::fprintf(stderr, "kiosk: no handwriting pad: the handwriting model is missing\n");
            return false;
        }
        if (screen == "proof-unknown") {
            session_.proofNotFound();
            return shown(ResidentScreen::ProofUnknown, "the search offers no way on");
        }
        const bool permitted = screen != "proof-not-issued";
        for (const auto& item : session_.proofCatalog()->items) {
            if ((item.decision == ProofDecision::Permitted) == permitted) {
                session_.chooseProof(item.id);
                break;
            }
        }
        if (screen == "identity-scan") {
            session_.startIdentityScan();
            return shown(ResidentScreen::IdentityScan, "identifying by a code is not offered");
        }
        return shown(permitted ? ResidentScreen::ProofPermitted : ResidentScreen::ProofNotIssued,
                     "the catalogue has no such item in force");
    }
    std::fprintf(stderr,
                 "kiosk: unknown screen '%s' (attract, confirm, ticket, paused, rate-scan, rate, "
                 "proof-search, proof-handwriting, proof-permitted, proof-not-issued, "
                 "proof-unknown, identity-scan)\n",
                 screen.c_str());
    return false;
}

std::optional<std::string> ResidentRole::finishedUnratedTicket() {
    std::vector<Ticket> tickets;
    {
        std::lock_guard lock(queue_.mutex());
        if (!queue_.store())
            return std::nullopt;
        auto day = TicketLedger::ofDay(queue_.store()->db(), queue_.serviceDay());
        if (!day)
            return std::nullopt;
        tickets = std::move(day).value();
    }
    for (auto t = tickets.rbegin(); t != tickets.rend(); ++t) {
        if (t->status == TicketStatus::Done && !queue_.isRated(t->id))
            return t->id;
    }
    return std::nullopt;
}

}  // namespace hall

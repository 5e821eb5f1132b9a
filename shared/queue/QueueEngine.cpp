#include "queue/QueueEngine.h"

#include <algorithm>
#include <cstdio>

#include "crypto/Random.h"
#include "help/HelpCalls.h"
#include "outbox/Outbox.h"
#include "proofs/ProofRegister.h"
#include "proofs/ScreeningWords.h"
#include "queue/CallOrder.h"
#include "queue/DayStatistics.h"
#include "queue/TicketLedger.h"
#include "text/Utf8.h"

namespace hall {

std::string_view windowStatusCode(WindowStatus s) {
    switch (s) {
        case WindowStatus::Closed:
            return "closed";
        case WindowStatus::Open:
            return "open";
        case WindowStatus::Paused:
            return "paused";
    }
    return "closed";
}

std::optional<WindowStatus> windowStatusFromCode(std::string_view code) {
    for (auto s : {WindowStatus::Closed, WindowStatus::Open, WindowStatus::Paused}) {
        if (windowStatusCode(s) == code)
            return s;
    }
    return std::nullopt;
}

nlohmann::json ticketJson(const Ticket& t) {
    nlohmann::json j{
        {"id", t.id},
        {"number", t.number},
        {"service", std::string(1, t.service)},
        {"queue_service", std::string(1, t.queueService())},
        {"service_day", t.serviceDay},
        {"status", statusCode(t.status)},
        {"issued_at", t.issuedAtMs},
        {"priority",
         t.priority ? nlohmann::json(std::string(priorityCode(*t.priority))) : nlohmann::json()},
        {"recalls", t.recalls}};
    if (t.appointmentAtMs)
        j["appointment_at"] = *t.appointmentAtMs;
    if (t.targetWindow)
        j["target_window"] = *t.targetWindow;
    if (t.calledWindow)
        j["called_window"] = *t.calledWindow;
    if (t.calledAtMs)
        j["called_at"] = t.calledAtMs;
    if (!t.calledBy.empty())
        j["called_by"] = t.calledBy;
    if (t.finishedAtMs)
        j["finished_at"] = t.finishedAtMs;
    if (!t.outcome.empty())
        j["outcome"] = t.outcome;
    if (!t.note.empty())
        j["note"] = t.note;
    if (!t.requestItem.empty()) {
        j["request"] = {{"item_id", t.requestItem},
                        {"item_name", t.requestName},
                        {"status", t.proofStatus},
                        {"number", t.proofNumber}};
    }
    if (t.identified)
        j["identified"] = true;
    return j;
}

nlohmann::json windowJson(const WindowState& w) {
    nlohmann::json j{
        {"number", w.number}, {"status", windowStatusCode(w.status)}, {"staff_id", w.staffId}};
    j["current"] = w.current ? ticketJson(*w.current) : nlohmann::json();
    return j;
}

namespace {

Error queueError(const char* code, std::string message) {
    return fail(code, std::move(message));
}

// Far more than a day's retries of every device; a hall changes its queue a few thousand times a
// day.
constexpr int kKeptRequestKeys = 50000;

Result<void> saveWindow(Database& db, const WindowState& w, int64_t nowMs) {
    auto stmt = Statement::prepare(
        db,
        "INSERT INTO windows (number, status, staff_id, changed_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (number) DO UPDATE SET status = excluded.status, staff_id = "
        "excluded.staff_id, "
        "changed_at = excluded.changed_at");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, int64_t{w.number})
        .bind(2, windowStatusCode(w.status))
        .bind(3, w.staffId)
        .bind(4, nowMs);
    return stmt->run("saving window " + std::to_string(w.number));
}

}  // namespace

QueueEngine::QueueEngine(const HallConfig& config, const Clock& clock, Access access)
    : config_(config), clock_(clock), access_(access), epoch_(randomHex(8)), estimator_(config) {
    for (const auto& w : config.windows)
        windows_[w.number] = WindowState{w.number, WindowStatus::Closed, {}, {}};
}

std::string QueueEngine::serviceDay() const {
    return toHallLocal(clock_.now(), config_.utcOffsetMinutes).date();
}

uint64_t QueueEngine::revision() const {
    std::lock_guard lock(mutex_);
    return revision_;
}

Result<void> QueueEngine::connect() {
    std::lock_guard lock(mutex_);
    return connectLocked();
}

Result<void> QueueEngine::connectLocked() {
    ++revision_;
    if (!store_ && access_ == Access::ReadOnly &&
        !std::filesystem::exists(HallStore::databaseFile(config_.dataDir))) {
        // Nothing issued here yet: an empty queue is the truth.
        today_.clear();
        loadedDay_ = serviceDay();
        return {};
    }
    if (!store_) {
        auto store = access_ == Access::ReadOnly ? HallStore::openReadOnly(config_.dataDir)
                                                 : HallStore::open(config_.dataDir);
        if (!store)
            return store.error();
        store_ = std::move(store).value();
    }
    Database& db = store_->db();
    const std::string day = serviceDay();
    auto tickets = TicketLedger::ofDay(db, day);
    if (!tickets) {
        store_.reset();
        return tickets.error();
    }
    today_ = std::move(tickets).value();
    loadedDay_ = day;

    // Windows keep their state across a restart, so counters carry on where they were.
    if (auto stmt = Statement::prepare(db, "SELECT number, status, staff_id FROM windows")) {
        while (true) {
            auto row = stmt->step("loading windows");
            if (!row || !*row)
                break;
            const int n = static_cast<int>(stmt->integer(0));
            if (windows_.count(n)) {
                windows_[n].status =
                    windowStatusFromCode(stmt->text(1)).value_or(WindowStatus::Closed);
                windows_[n].staffId = stmt->text(2);
            }
        }
    }
    if (auto stmt =
            Statement::prepare(db, "SELECT service, average_seconds, samples FROM service_times")) {
        while (true) {
            auto row = stmt->step("loading service times");
            if (!row || !*row)
                break;
            const std::string s = stmt->text(0);
            if (!s.empty())
                estimator_.restore(s[0], stmt->real(1), static_cast<int>(stmt->integer(2)));
        }
    }
    // The priority streak and the display's recent calls follow from today's calls.
    std::vector<const Ticket*> called;
    for (const auto& t : today_) {
        if (t.calledAtMs > 0)
            called.push_back(&t);
    }
    std::sort(called.begin(), called.end(),
              [](const Ticket* a, const Ticket* b) { return a->calledAtMs < b->calledAtMs; });
    priorityStreak_ = 0;
    calls_.clear();
    for (const Ticket* t : called) {
        priorityStreak_ = t->priority ? priorityStreak_ + 1 : 0;
        recordCall(*t, false);
    }
    if (access_ == Access::ReadWrite) {
        // A failed report is tried again at the next start or day change; it never stops the
        // queue.
        if (auto r = ProofRegister::reportDays(db, day, clock_.now()); !r)
            std::fprintf(stderr, "queue: the daily not-issued count waits: %s\n",
                         r.message().c_str());
        // Idempotency keys only matter while a client may still be retrying: the newest are
        // kept by count, not by the wall clock, which a wrong setting could move days ahead.
        (void)db.exec("DELETE FROM requests WHERE rowid <= (SELECT max(rowid) FROM requests) - " +
                          std::to_string(kKeptRequestKeys),
                      "pruning old request keys");
    }
    return {};
}

Result<void> QueueEngine::probe() {
    std::lock_guard lock(mutex_);
    if (!store_ || access_ == Access::ReadOnly)
        return connectLocked();
    return store_->probeWritable();
}

void QueueEngine::rollOverIfNewDay() {
    if (store_ && serviceDay() != loadedDay_) {
        // Tickets left waiting yesterday are not today's queue; numbering starts again at 001.
        if (auto r = connectLocked(); !r) {
            today_.clear();
            loadedDay_ = serviceDay();
        }
    }
}

bool QueueEngine::isOpen(char service) const {
    const ServiceConfig* s = config_.findService(service);
    return s && s->hours.isOpen(toHallLocal(clock_.now(), config_.utcOffsetMinutes));
}

int QueueEngine::waitingCount(char service) {
    std::lock_guard lock(mutex_);
    rollOverIfNewDay();
    return static_cast<int>(std::count_if(today_.begin(), today_.end(), [service](const Ticket& t) {
        return t.status == TicketStatus::Waiting && t.queueService() == service;
    }));
}

int QueueEngine::waitingTotal() {
    std::lock_guard lock(mutex_);
    rollOverIfNewDay();
    return static_cast<int>(std::count_if(today_.begin(), today_.end(), [](const Ticket& t) {
        return t.status == TicketStatus::Waiting;
    }));
}

int QueueEngine::openWindowCount() const {
    int open = 0;
    for (const auto& [n, w] : windows_)
        open += w.status == WindowStatus::Open ? 1 : 0;
    // Before anyone has opened a window, the hall's usual staffing is the best guess.
    return open > 0 ? open : config_.staffedWindows;
}

std::vector<const Ticket*> QueueEngine::waitingInCallOrder(std::optional<int> forWindow) const {
    const WindowConfig* window = forWindow ? config_.findWindow(*forWindow) : nullptr;
    const int64_t dueBefore =
        toUnixMillis(clock_.now()) + config_.appointmentEarlyMinutes * 60'000LL;
    std::vector<const Ticket*> appointments;
    std::vector<const Ticket*> restRefs;
    for (const auto& t : today_) {
        if (t.status != TicketStatus::Waiting)
            continue;
        if (forWindow) {
            if (window && !window->serves(t.queueService()))
                continue;
            if (t.targetWindow && *t.targetWindow != *forWindow)
                continue;
        }
        if (t.appointmentAtMs && *t.appointmentAtMs <= dueBefore) {
            appointments.push_back(&t);
        } else {
            restRefs.push_back(&t);
        }
    }
    // Checked-in appointments that are due come first, in appointment order: they booked.
    std::sort(appointments.begin(), appointments.end(), [](const Ticket* a, const Ticket* b) {
        return *a->appointmentAtMs < *b->appointmentAtMs;
    });
    std::stable_sort(restRefs.begin(), restRefs.end(),
                     [](const Ticket* a, const Ticket* b) { return a->queueKey < b->queueKey; });
    std::vector<const Ticket*> out = appointments;
    for (size_t i : callOrder(restRefs, config_.priorityBurst, priorityStreak_))
        out.push_back(restRefs[i]);
    return out;
}

IssuedTicket QueueEngine::placeInQueue(const Ticket& ticket) const {
    IssuedTicket placed;
    placed.ticket = ticket;
    if (ticket.status != TicketStatus::Waiting)
        return placed;
    const auto order = waitingInCallOrder(std::nullopt);
    std::vector<const Ticket*> ahead;
    for (const Ticket* t : order) {
        if (t->id == ticket.id)
            break;
        ahead.push_back(t);
    }
    placed.peopleAhead = static_cast<int>(ahead.size());
    placed.estimatedWaitMinutes = estimator_.minutesFor(ahead, openWindowCount());
    return placed;
}

void QueueEngine::recordCall(const Ticket& t, bool recall) {
    calls_.insert(calls_.begin(),
                  CallEvent{++callSequence_, t.id, t.number, t.calledWindow.value_or(0),
                            recall ? toUnixMillis(clock_.now()) : t.calledAtMs, recall});
    if (calls_.size() > 20)
        calls_.resize(20);
}

Ticket* QueueEngine::findLocked(const std::string& idOrNumber) {
    for (auto& t : today_) {
        if (t.id == idOrNumber || t.number == idOrNumber)
            return &t;
    }
    return nullptr;
}

std::optional<IssuedTicket> QueueEngine::findToday(const std::string& idOrNumber) {
    std::lock_guard lock(mutex_);
    rollOverIfNewDay();
    const Ticket* t = findLocked(idOrNumber);
    if (!t)
        return std::nullopt;
    return placeInQueue(*t);
}

Result<std::vector<OutboxEvent>> QueueEngine::outboxBatch(size_t max) {
    std::lock_guard lock(mutex_);
    if (!store_)
        return fail("store.not_connected", "the hall's store is not open");
    return Outbox::oldest(store_->db(), max);
}

Result<void> QueueEngine::acknowledgeOutbox(int64_t throughSeq) {
    std::lock_guard lock(mutex_);
    if (!store_)
        return fail("store.not_connected", "the hall's store is not open");
    return Outbox::acknowledge(store_->db(), throughSeq);
}

Result<int64_t> QueueEngine::outboxBacklog() {
    std::lock_guard lock(mutex_);
    if (!store_)
        return fail("store.not_connected", "the hall's store is not open");
    return Outbox::pendingCount(store_->db());
}

bool QueueEngine::isRated(const std::string& ticketId) {
    std::lock_guard lock(mutex_);
    if (!store_)
        return false;
    auto stmt = Statement::prepare(store_->db(), "SELECT 1 FROM ratings WHERE ticket_id = ?1");
    if (!stmt)
        return false;
    stmt->bind(1, ticketId);
    auto row = stmt->step("checking for a rating");
    return row && *row;
}

Result<std::optional<QueueEngine::Resident>> QueueEngine::identify(const QueueCommand& command) {
    std::string typed;
    if (const auto* issue = std::get_if<IssueTicketCommand>(&command))
        typed = issue->residentIdNumber;
    else if (const auto* proof = std::get_if<IssueProofCommand>(&command))
        typed = proof->residentIdNumber;
    if (typed.empty())
        return std::optional<Resident>();
    auto id = checkIdNumber(typed);
    wipe(typed);
    if (!id)
        return id.error();
    auto hasher = residentHasher();
    if (!hasher) {
        wipe(*id);
        return hasher.error();
    }
    Resident resident{maskIdNumber(*id), (*hasher)->hash(*id)};
    wipe(*id);
    if (resident.hash.empty()) {
        return fail("identity.crypto",
                    "the resident's number cannot be hashed now (64 MiB of memory are needed); "
                    "try again");
    }
    return std::optional<Resident>(std::move(resident));
}

Result<nlohmann::json> QueueEngine::execute(const QueueCommand& command, const Actor& actor,
                                            const std::string& idempotencyKey,
                                            const std::string& fingerprint) {
    auto resident = identify(command);
    if (!resident)
        return resident.error();
    std::lock_guard lock(mutex_);
    return executeLocked(command, actor, idempotencyKey, fingerprint, *resident);
}

Result<nlohmann::json> QueueEngine::executeLocked(const QueueCommand& command, const Actor& actor,
                                                  const std::string& idempotencyKey,
                                                  const std::string& fingerprint,
                                                  const std::optional<Resident>& resident) {
    if (access_ == Access::ReadOnly) {
        return fail("store.read_only",
                    "this terminal view is read-only (a snapshot) and changes nothing");
    }
    if (!store_) {
        if (auto r = connectLocked(); !r)
            return r.error();
    }
    rollOverIfNewDay();
    Database& db = store_->db();
    const std::string key =
        idempotencyKey.empty() ? std::string() : actor.device + ":" + idempotencyKey;

    // The change is made in memory as it is written; if the transaction does not commit, memory
    // is put back as it was. The day's tickets are reloaded from the store rather than copied
    // before every change (thousands of them, on every call), since failures are rare.
    const auto savedWindows = windows_;
    const auto savedEstimator = estimator_;
    const int savedStreak = priorityStreak_;
    const auto savedCalls = calls_;
    const auto savedSequence = callSequence_;

    auto tx = Transaction::begin(db, std::string(commandName(command)));
    if (!tx)
        return tx.error();
    auto restore = [&](Error e) {
        tx->rollback();  // before reloading: the transaction's own writes are visible to it
        if (auto reloaded = TicketLedger::ofDay(store_->db(), loadedDay_)) {
            // The masked numbers of residents still here live only in memory: kept.
            std::map<std::string, std::string> shown;
            for (auto& t : today_) {
                if (!t.residentMasked.empty())
                    shown[t.id] = std::move(t.residentMasked);
            }
            today_ = std::move(reloaded).value();
            for (auto& t : today_) {
                if (auto it = shown.find(t.id); it != shown.end())
                    t.residentMasked = std::move(it->second);
            }
        } else {
            store_.reset();  // memory may now differ from the store: start again from it
        }
        windows_ = savedWindows;
        estimator_ = savedEstimator;
        priorityStreak_ = savedStreak;
        calls_ = savedCalls;
        callSequence_ = savedSequence;
        return e;
    };
    if (!key.empty()) {
        auto seen = Statement::prepare(
            db, "SELECT result, fingerprint FROM requests WHERE idempotency_key = ?1");
        if (!seen)
            return seen.error();
        seen->bind(1, key);
        auto row = seen->step("checking the request key");
        if (!row)
            return row.error();
        if (*row) {
            const std::string first = seen->text(1);
            if (!first.empty() && !fingerprint.empty() && first != fingerprint) {
                return fail("request.key_reused",
                            "Idempotency-Key \"" + idempotencyKey +
                                "\" was first used for a different request; a new action needs "
                                "a new key");
            }
            auto stored = nlohmann::json::parse(seen->text(0), nullptr, false);
            stored["replayed"] = true;
            return stored;
        }
    }
    auto applied = apply(command, actor, resident, db);
    if (!applied)
        return restore(applied.error());
    const TimePoint now = clock_.now();
    nlohmann::json event = applied->event;
    event["by"] = actor.name();
    if (auto r = Outbox::append(db, applied->eventType, now, event); !r)
        return restore(r.error());
    if (!key.empty() && !applied->refusal) {
        auto remember =
            Statement::prepare(db,
                               "INSERT INTO requests (idempotency_key, result, at, fingerprint) "
                               "VALUES (?1, ?2, ?3, ?4)");
        if (!remember)
            return restore(remember.error());
        remember->bind(1, key)
            .bind(2, applied->result.dump())
            .bind(3, toUnixMillis(now))
            .bind(4, fingerprint);
        if (auto r = remember->run("remembering the request key"); !r)
            return restore(r.error());
    }
    if (auto r = tx->commit(); !r)
        return restore(r.error());
    ++revision_;
    if (changed_)
        changed_();
    if (applied->refusal)
        return *applied->refusal;
    return applied->result;
}

Result<QueueEngine::Applied> QueueEngine::applied(Result<HelpChange> change) {
    if (!change)
        return change.error();
    return Applied{std::move(change->result), std::move(change->eventType),
                   std::move(change->event), std::nullopt};
}

Result<QueueEngine::Applied> QueueEngine::apply(const QueueCommand& command, const Actor& actor,
                                                const std::optional<Resident>& resident,
                                                Database& db) {
    return std::visit(
        [&](const auto& c) -> Result<Applied> {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, IssueTicketCommand>)
                return issue(c, resident, db);
            if constexpr (std::is_same_v<T, OpenWindowCommand>)
                return openWindow(c, actor, db);
            if constexpr (std::is_same_v<T, PauseWindowCommand>)
                return setWindowStatus(c.window, WindowStatus::Paused, actor, db);
            if constexpr (std::is_same_v<T, ResumeWindowCommand>)
                return setWindowStatus(c.window, WindowStatus::Open, actor, db);
            if constexpr (std::is_same_v<T, CloseWindowCommand>)
                return setWindowStatus(c.window, WindowStatus::Closed, actor, db);
            if constexpr (std::is_same_v<T, CallNextCommand>)
                return callNext(c, actor, db);
            if constexpr (std::is_same_v<T, RecallCommand>)
                return recall(c, actor, db);
            if constexpr (std::is_same_v<T, NoShowCommand>)
                return noShow(c, actor, db);
            if constexpr (std::is_same_v<T, ReinstateCommand>)
                return reinstate(c, db);
            if constexpr (std::is_same_v<T, TransferCommand>)
                return transfer(c, actor, db);
            if constexpr (std::is_same_v<T, FinishCommand>)
                return finish(c, actor, db);
            if constexpr (std::is_same_v<T, RateCommand>)
                return rate(c, db);
            if constexpr (std::is_same_v<T, RecordScreeningCommand>)
                return recordScreening(c, db);
            if constexpr (std::is_same_v<T, IssueProofCommand>)
                return issueProof(c, actor, resident, db);
            if constexpr (std::is_same_v<T, DeclineProofCommand>)
                return declineProof(c, actor, db);
            if constexpr (std::is_same_v<T, CallHelpCommand>)
                return applied(callForHelp(db, c, actor, clock_.now(), loadedDay_));
            if constexpr (std::is_same_v<T, AcknowledgeHelpCommand>)
                return applied(acknowledgeHelp(db, c, actor, clock_.now()));
        },
        command);
}

Result<QueueEngine::Applied> QueueEngine::issue(const IssueTicketCommand& c,
                                                const std::optional<Resident>& resident,
                                                Database& db) {
    const ServiceConfig* s = config_.findService(c.service);
    if (!s) {
        return queueError("queue.unknown_service", std::string("no service with letter ") +
                                                       c.service + " in " +
                                                       config_.sourceFile.string());
    }
    if (!isOpen(c.service)) {
        return queueError("queue.service_closed", std::string("service ") + c.service +
                                                      " is not taking tickets now (hours " +
                                                      s->hours.describe() + ")");
    }
    if (c.priority &&
        std::find(config_.priorityCategories.begin(), config_.priorityCategories.end(),
                  *c.priority) == config_.priorityCategories.end()) {
        return queueError("queue.priority_not_offered", "priority category " +
                                                            std::string(priorityCode(*c.priority)) +
                                                            " is not offered by this hall");
    }
    if (c.appointmentAtMs) {
        // A booked time today, within the service's hours: anything else would only put the
        // ticket before everyone who came earlier.
        const int64_t at = *c.appointmentAtMs;
        const bool plausible = at > 0 && at < (int64_t{1} << 50);
        const auto local =
            toHallLocal(fromUnixMillis(plausible ? at : 0), config_.utcOffsetMinutes);
        if (!plausible || local.date() != loadedDay_ || !s->hours.isOpen(local)) {
            return queueError("queue.bad_appointment",
                              "appointment_at must be a time today (" + loadedDay_ +
                                  ") within the hours of service " + std::string(1, c.service) +
                                  " (" + s->hours.describe() + ")");
        }
    }
    auto seq = TicketLedger::nextSeq(db, loadedDay_, c.service);
    if (!seq)
        return seq.error();
    Ticket t;
    t.id = randomHex(16);
    t.serviceDay = loadedDay_;
    t.service = c.service;
    t.seq = *seq;
    t.number = formatTicketNumber(c.service, t.seq, config_.numberDigits);
    t.priority = c.priority;
    t.issuedAtMs = toUnixMillis(clock_.now());
    t.queueKey = static_cast<double>(t.issuedAtMs);
    t.appointmentAtMs = c.appointmentAtMs;
    if (!c.requestItem.empty()) {
        const ProofItem* item = proofs_ ? proofs_->findItem(c.requestItem) : nullptr;
        if (!item) {
            return queueError("proofs.unknown_item", "request_item \"" + c.requestItem +
                                                         "\" is not in the hall's proof catalogue");
        }
        t.requestItem = item->id;
        t.requestName = item->name.in("zh-CN", "zh-CN");
    }
    if (resident) {
        t.residentHash = resident->hash;
        t.residentMasked = resident->masked;
        t.identified = true;
    }
    if (auto r = TicketLedger::insert(db, t); !r)
        return r.error();
    today_.push_back(t);
    const IssuedTicket placed = placeInQueue(t);
    nlohmann::json result = ticketJson(t);
    result["people_ahead"] = placed.peopleAhead;
    result["estimated_wait_minutes"] = placed.estimatedWaitMinutes;
    return Applied{result, "ticket.issued", ticketJson(t), std::nullopt};
}

Result<WindowState*> QueueEngine::windowFor(int number, const Actor& actor, bool allowPaused) {
    auto it = windows_.find(number);
    if (it == windows_.end()) {
        return queueError("queue.unknown_window", "window " + std::to_string(number) +
                                                      " is not in " + config_.sourceFile.string());
    }
    WindowState& w = it->second;
    if (w.status == WindowStatus::Closed) {
        return queueError("queue.window_closed",
                          "window " + std::to_string(number) + " is not open; open it first");
    }
    if (w.status == WindowStatus::Paused && !allowPaused) {
        return queueError("queue.window_paused",
                          "window " + std::to_string(number) + " is paused; resume it first");
    }
    if (!actor.maintainer && w.staffId != actor.staffId) {
        return queueError("queue.not_your_window",
                          "window " + std::to_string(number) + " is staffed by " + w.staffId);
    }
    return &w;
}

Result<Ticket*> QueueEngine::currentAt(int window) {
    for (auto& t : today_) {
        if (t.status == TicketStatus::Called && t.calledWindow == window)
            return &t;
    }
    return queueError("queue.no_current_ticket",
                      "window " + std::to_string(window) + " has no called ticket; call one first");
}

Result<QueueEngine::Applied> QueueEngine::openWindow(const OpenWindowCommand& c, const Actor& actor,
                                                     Database& db) {
    auto it = windows_.find(c.window);
    if (it == windows_.end()) {
        return queueError("queue.unknown_window", "window " + std::to_string(c.window) +
                                                      " is not in " + config_.sourceFile.string());
    }
    if (actor.staffId.empty() && !actor.maintainer) {
        return queueError("auth.staff_required", "opening a window needs a staff login");
    }
    WindowState& w = it->second;
    if (w.status != WindowStatus::Closed && w.staffId != actor.staffId) {
        return queueError("queue.window_taken", "window " + std::to_string(c.window) +
                                                    " is already open for staff " + w.staffId);
    }
    for (const auto& [n, other] : windows_) {
        if (n != c.window && other.status != WindowStatus::Closed && !actor.staffId.empty() &&
            other.staffId == actor.staffId) {
            return queueError("queue.staff_elsewhere",
                              "staff " + actor.staffId + " already has window " +
                                  std::to_string(n) + " open; close it first");
        }
    }
    w.status = WindowStatus::Open;
    w.staffId = actor.staffId;
    if (auto r = saveWindow(db, w, toUnixMillis(clock_.now())); !r)
        return r.error();
    return Applied{windowJson(w), "window.opened", windowJson(w), std::nullopt};
}

Result<QueueEngine::Applied> QueueEngine::setWindowStatus(int window, WindowStatus status,
                                                          const Actor& actor, Database& db) {
    auto w = windowFor(window, actor, true);
    if (!w)
        return w.error();
    if (status == WindowStatus::Closed) {
        if (auto current = currentAt(window)) {
            return queueError("queue.window_busy",
                              (*current)->number + " is still at window " + std::to_string(window) +
                                  ": finish it or mark it absent before closing");
        }
    }
    (*w)->status = status;
    if (status == WindowStatus::Closed)
        (*w)->staffId.clear();
    if (auto r = saveWindow(db, **w, toUnixMillis(clock_.now())); !r)
        return r.error();
    const char* event = status == WindowStatus::Open     ? "window.resumed"
                        : status == WindowStatus::Paused ? "window.paused"
                                                         : "window.closed";
    return Applied{windowJson(**w), event, windowJson(**w), std::nullopt};
}

Result<QueueEngine::Applied> QueueEngine::callNext(const CallNextCommand& c, const Actor& actor,
                                                   Database& db) {
    auto w = windowFor(c.window, actor, false);
    if (!w)
        return w.error();
    if (auto current = currentAt(c.window)) {
        return queueError("queue.window_busy",
                          (*current)->number + " is still at window " + std::to_string(c.window) +
                              ": finish it, recall it or mark it absent first");
    }
    const auto order = waitingInCallOrder(c.window);
    if (order.empty())
        return queueError("queue.nothing_waiting",
                          "nobody is waiting for window " + std::to_string(c.window));
    Ticket* t = findLocked(order.front()->id);
    const bool dueAppointment =
        t->appointmentAtMs.has_value() &&
        *t->appointmentAtMs <=
            toUnixMillis(clock_.now()) + config_.appointmentEarlyMinutes * 60'000LL;
    t->status = TicketStatus::Called;
    t->calledWindow = c.window;
    t->calledBy = actor.name();
    t->calledAtMs = toUnixMillis(clock_.now());
    t->recalls = 0;
    if (auto r = TicketLedger::update(db, *t); !r)
        return r.error();
    if (!dueAppointment)
        priorityStreak_ = t->priority ? priorityStreak_ + 1 : 0;
    recordCall(*t, false);
    nlohmann::json event = ticketJson(*t);
    event["waited_ms"] = t->calledAtMs - t->issuedAtMs;
    return Applied{ticketJson(*t), "ticket.called", event, std::nullopt};
}

Result<QueueEngine::Applied> QueueEngine::recall(const RecallCommand& c, const Actor& actor,
                                                 Database& db) {
    auto w = windowFor(c.window, actor, false);
    if (!w)
        return w.error();
    auto t = currentAt(c.window);
    if (!t)
        return t.error();
    ++(*t)->recalls;
    if (auto r = TicketLedger::update(db, **t); !r)
        return r.error();
    recordCall(**t, true);
    return Applied{ticketJson(**t), "ticket.recalled", ticketJson(**t), std::nullopt};
}

Result<QueueEngine::Applied> QueueEngine::noShow(const NoShowCommand& c, const Actor& actor,
                                                 Database& db) {
    auto w = windowFor(c.window, actor, true);
    if (!w)
        return w.error();
    auto t = currentAt(c.window);
    if (!t)
        return t.error();
    (*t)->status = TicketStatus::NoShow;
    (*t)->noShowAtMs = toUnixMillis(clock_.now());
    wipe((*t)->residentMasked);  // the resident has left
    if (auto r = TicketLedger::update(db, **t); !r)
        return r.error();
    return Applied{ticketJson(**t), "ticket.no_show", ticketJson(**t), std::nullopt};
}

Result<QueueEngine::Applied> QueueEngine::reinstate(const ReinstateCommand& c, Database& db) {
    Ticket* t = findLocked(c.ticket);
    if (!t)
        return queueError("queue.unknown_ticket", "no ticket " + c.ticket + " today");
    if (t->status != TicketStatus::NoShow) {
        return queueError("queue.not_absent",
                          t->number + " was not marked absent, so it cannot be reinstated");
    }
    // The hall's policy for late arrivals: back in the queue behind N of those waiting now.
    std::vector<double> keys;
    for (const auto& o : today_) {
        if (o.status == TicketStatus::Waiting)
            keys.push_back(o.queueKey);
    }
    std::sort(keys.begin(), keys.end());
    const size_t n = static_cast<size_t>(config_.lateReinsertAfter);
    if (keys.size() <= n) {
        t->queueKey =
            keys.empty() ? static_cast<double>(toUnixMillis(clock_.now())) : keys.back() + 1;
    } else {
        t->queueKey = n == 0 ? keys.front() - 1 : (keys[n - 1] + keys[n]) / 2;
    }
    t->status = TicketStatus::Waiting;
    t->calledWindow.reset();
    t->calledAtMs = 0;
    t->calledBy.clear();
    t->noShowAtMs = 0;
    if (auto r = TicketLedger::update(db, *t); !r)
        return r.error();
    nlohmann::json result = ticketJson(*t);
    result["people_ahead"] = placeInQueue(*t).peopleAhead;
    return Applied{result, "ticket.reinstated", ticketJson(*t), std::nullopt};
}

Result<QueueEngine::Applied> QueueEngine::transfer(const TransferCommand& c, const Actor& actor,
                                                   Database& db) {
    auto w = windowFor(c.window, actor, true);
    if (!w)
        return w.error();
    auto t = currentAt(c.window);
    if (!t)
        return t.error();
    if (!c.toService && !c.toWindow)
        return queueError("queue.bad_transfer", "a transfer needs a service or a window");
    if (c.toService && !config_.findService(*c.toService)) {
        return queueError("queue.unknown_service",
                          std::string("no service with letter ") + *c.toService);
    }
    if (c.toWindow && !config_.findWindow(*c.toWindow)) {
        return queueError("queue.unknown_window",
                          "window " + std::to_string(*c.toWindow) + " does not exist");
    }
    if (c.toWindow && *c.toWindow == c.window)
        return queueError("queue.bad_transfer", "a ticket cannot be transferred to its own window");
    if (c.note.size() > 500)
        return queueError("queue.bad_transfer", "the note is longer than 500 bytes");
    Ticket& ticket = **t;
    if (c.toService)
        ticket.transferredTo = *c.toService;
    ticket.targetWindow = c.toWindow;
    ticket.note = c.note;
    // Keeps its place (queue key): under 首问负责 a transferred resident does not start again at
    // the back.
    ticket.status = TicketStatus::Waiting;
    ticket.calledWindow.reset();
    ticket.calledAtMs = 0;
    ticket.calledBy.clear();
    if (auto r = TicketLedger::update(db, ticket); !r)
        return r.error();
    nlohmann::json event = ticketJson(ticket);
    event["from_window"] = c.window;
    return Applied{ticketJson(ticket), "ticket.transferred", event, std::nullopt};
}

Result<QueueEngine::Applied> QueueEngine::finish(const FinishCommand& c, const Actor& actor,
                                                 Database& db) {
    if (std::find(finishOutcomes().begin(), finishOutcomes().end(), c.outcome) ==
        finishOutcomes().end()) {
        return queueError("queue.bad_outcome",
                          "outcome \"" + c.outcome +
                              "\" is not one of completed, accepted, referred, incomplete");
    }
    auto w = windowFor(c.window, actor, true);
    if (!w)
        return w.error();
    auto t = currentAt(c.window);
    if (!t)
        return t.error();
    Ticket& ticket = **t;
    ticket.status = TicketStatus::Done;
    ticket.finishedAtMs = toUnixMillis(clock_.now());
    wipe(ticket.residentMasked);  // served: the masked number is no longer shown
    ticket.outcome = c.outcome;
    if (auto r = TicketLedger::update(db, ticket); !r)
        return r.error();
    const char service = ticket.queueService();
    estimator_.observe(service,
                       static_cast<double>(ticket.finishedAtMs - ticket.calledAtMs) / 1000.0);
    auto st = Statement::prepare(
        db,
        "INSERT INTO service_times (service, average_seconds, samples) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (service) DO UPDATE SET average_seconds = excluded.average_seconds, "
        "samples = excluded.samples");
    if (!st)
        return st.error();
    st->bind(1, std::string_view(&service, 1))
        .bindReal(2, estimator_.averageSeconds(service))
        .bind(3, int64_t{estimator_.samples(service)});
    if (auto r = st->run("saving service times"); !r)
        return r.error();
    nlohmann::json event = ticketJson(ticket);
    event["service_ms"] = ticket.finishedAtMs - ticket.calledAtMs;
    return Applied{ticketJson(ticket), "ticket.finished", event, std::nullopt};
}

Result<QueueEngine::Applied> QueueEngine::rate(const RateCommand& c, Database& db) {
    Ticket* t = findLocked(c.ticket);
    if (!t)
        return queueError("queue.unknown_ticket", "no ticket " + c.ticket + " today");
    if (t->status != TicketStatus::Done) {
        return queueError("queue.not_served_yet",
                          t->number + " has not been served yet; rate it after the service");
    }
    if (c.score < 1 || c.score > 5)
        return queueError("queue.bad_rating", "a rating is 1 to 5, got " + std::to_string(c.score));
    if (c.via != "kiosk" && c.via != "counter")
        return queueError("queue.bad_rating", "via must be kiosk or counter");
    for (const auto& r : c.reasons) {
        if (std::find(ratingReasons().begin(), ratingReasons().end(), r) == ratingReasons().end()) {
            return queueError("queue.bad_rating", "unknown rating reason \"" + r + "\"");
        }
    }
    auto seen = Statement::prepare(db, "SELECT 1 FROM ratings WHERE ticket_id = ?1");
    if (!seen)
        return seen.error();
    seen->bind(1, t->id);
    auto row = seen->step("checking for an earlier rating");
    if (!row)
        return row.error();
    if (*row)
        return queueError("queue.already_rated",
                          t->number + " has already been rated; one rating per ticket");
    auto stmt = Statement::prepare(db,
                                   "INSERT INTO ratings (ticket_id, score, reasons, via, rated_at) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!stmt)
        return stmt.error();
    nlohmann::json reasons = c.reasons;
    stmt->bind(1, t->id)
        .bind(2, int64_t{c.score})
        .bind(3, reasons.dump())
        .bind(4, c.via)
        .bind(5, toUnixMillis(clock_.now()));
    if (auto r = stmt->run("saving the rating"); !r)
        return r.error();
    nlohmann::json result{{"ticket_id", t->id},
                          {"number", t->number},
                          {"score", c.score},
                          {"reasons", reasons},
                          {"via", c.via}};
    nlohmann::json event = result;
    event["staff"] = t->calledBy;
    event["service"] = std::string(1, t->queueService());
    return Applied{result, "ticket.rated", event, std::nullopt};
}

Result<QueueEngine::Applied> QueueEngine::recordScreening(const RecordScreeningCommand& c,
                                                          Database& db) {
    if (c.decision != "permitted" && c.decision != "not_issued" && c.decision != "unknown") {
        return queueError(
            "proofs.bad_screening",
            "decision must be permitted, not_issued or unknown (got \"" + c.decision + "\")");
    }
    Screening s;
    s.serviceDay = loadedDay_;
    s.atMs = toUnixMillis(clock_.now());
    s.via = c.via.empty() ? "kiosk" : c.via;
    s.decision = c.decision;
    // Maintainers read these words to extend the catalogue, and review the choices asked
    // for; what the resident typed is never kept as typed, only the catalogue's own words
    // found in it.
    if ((c.decision == "unknown" || !c.offered.empty()) && proofs_)
        s.words = utf8::truncate(keptScreeningWords(*proofs_, c.words), 64);
    nlohmann::json offered = nlohmann::json::array();
    for (const auto& id : c.offered) {
        if (!proofs_ || !proofs_->findItem(id) || offered.size() == 16)
            return queueError("proofs.unknown_item",
                              "offered item \"" + id + "\" is not in the hall's proof catalogue");
        offered.push_back(id);
    }
    if (c.decision != "unknown") {
        const ProofItem* item = proofs_ ? proofs_->findItem(c.itemId) : nullptr;
        if (!item) {
            return queueError("proofs.unknown_item",
                              "item \"" + c.itemId + "\" is not in the hall's proof catalogue");
        }
        if (decisionCode(item->decision) != c.decision) {
            return queueError("proofs.bad_screening",
                              "item " + item->id + " is " +
                                  std::string(decisionCode(item->decision)) + ", not " +
                                  c.decision);
        }
        s.itemId = item->id;
        s.department = item->department;
    }
    if (auto r = ProofRegister::recordScreening(db, s); !r)
        return r.error();
    nlohmann::json result{{"decision", s.decision}, {"item_id", s.itemId}};
    nlohmann::json event = result;
    event["via"] = s.via;
    if (!s.department.empty())
        event["department"] = s.department;
    if (!s.words.empty())
        event["words"] = s.words;
    if (!offered.empty())
        event["offered"] = offered;
    return Applied{result, "proof.screened", event, std::nullopt};
}

Result<const ProofItem*> QueueEngine::proofItemFor(const std::string& itemId,
                                                   const Ticket& ticket) const {
    if (!proofs_)
        return fail("proofs.no_catalog", "this hall has no proof catalogue ([proofs] in " +
                                             config_.sourceFile.string() + ")");
    const std::string& id = itemId.empty() ? ticket.requestItem : itemId;
    if (id.empty()) {
        return fail("proofs.no_request",
                    ticket.number + " carries no proof request; say which proof (item_id)");
    }
    const ProofItem* item = proofs_->findItem(id);
    if (!item)
        return fail("proofs.unknown_item", "item \"" + id + "\" is not in the proof catalogue");
    return item;
}

Result<QueueEngine::ProofRequest> QueueEngine::proofRequestAt(int window, const std::string& itemId,
                                                              const Actor& actor) {
    auto w = windowFor(window, actor, true);
    if (!w)
        return w.error();
    auto t = currentAt(window);
    if (!t)
        return t.error();
    auto item = proofItemFor(itemId, **t);
    if (!item)
        return item.error();
    return ProofRequest{*t, *item};
}

Result<QueueEngine::Applied> QueueEngine::issueProof(const IssueProofCommand& c, const Actor& actor,
                                                     const std::optional<Resident>& resident,
                                                     Database& db) {
    auto request = proofRequestAt(c.window, c.itemId, actor);
    if (!request)
        return request.error();
    Ticket& ticket = *request->ticket;
    const ProofItem* item = request->item;
    const int64_t now = toUnixMillis(clock_.now());
    const std::string staff = actor.name();
    if (item->decision == ProofDecision::NotIssued) {
        // The community must not issue it (民发〔2020〕20号): refused whatever staff do, and the
        // attempt is kept, for the hall's own review and the department count.
        if (auto r =
                ProofRegister::recordRefusal(db, ProofRefusal{loadedDay_, now, ticket.id, item->id,
                                                              "not_issuable", staff, c.window});
            !r)
            return r.error();
        if (auto r = ProofRegister::recordScreening(
                db,
                Screening{
                    loadedDay_, now, "counter", "not_issued", item->id, item->department, {}});
            !r)
            return r.error();
        ticket.proofStatus = "refused";
        if (auto r = TicketLedger::update(db, ticket); !r)
            return r.error();
        nlohmann::json event{{"ticket", ticket.number},
                             {"item_id", item->id},
                             {"department", item->department},
                             {"window", c.window}};
        return Applied{
            ticketJson(ticket), "proof.refused_not_issuable", event,
            fail("proofs.not_issuable",
                 item->id + " " + item->name.in("zh-CN", "zh-CN") +
                     " is on the list of proofs a community must not issue; refer the "
                     "resident to " +
                     item->handledBy.in("zh-CN", "zh-CN") + ". The attempt has been recorded.")};
    }
    if (ticket.proofStatus == "issued") {
        return queueError("proofs.already_issued",
                          ticket.number + " already has proof " + ticket.proofNumber);
    }
    // Who: the number staff typed, or, when none was typed, the resident the terminal
    // identified by a scanned code (数据一次采集: not asked twice).
    std::string masked = ticket.residentMasked, hash = ticket.residentHash;
    if (resident) {
        masked = resident->masked;
        hash = resident->hash;
    } else if (hash.empty()) {
        return checkIdNumber(c.residentIdNumber).error();
    }
    const auto local = toHallLocal(clock_.now(), config_.utcOffsetMinutes);
    auto number = ProofRegister::nextNumber(db, std::stoi(local.date().substr(0, 4)));
    if (!number)
        return number.error();
    RegisterEntry entry{*number,   loadedDay_, now,
                        ticket.id, item->id,   item->name.in("zh-CN", "zh-CN"),
                        hash,      staff,      c.window};
    if (auto r = ProofRegister::insert(db, entry); !r)
        return r.error();
    ticket.proofStatus = "issued";
    ticket.proofNumber = entry.number;
    if (auto r = TicketLedger::update(db, ticket); !r)
        return r.error();
    nlohmann::json result = ticketJson(ticket);
    result["register"] = {{"number", entry.number},
                          {"item_id", entry.itemId},
                          {"item_name", entry.itemName},
                          {"resident", masked}};
    nlohmann::json event{{"number", entry.number},
                         {"ticket", ticket.number},
                         {"item_id", entry.itemId},
                         {"window", c.window}};
    return Applied{result, "proof.issued", event, std::nullopt};
}

Result<QueueEngine::Applied> QueueEngine::declineProof(const DeclineProofCommand& c,
                                                       const Actor& actor, Database& db) {
    if (std::find(proofDeclineReasons().begin(), proofDeclineReasons().end(), c.reason) ==
        proofDeclineReasons().end()) {
        return queueError("proofs.bad_reason",
                          "reason \"" + c.reason +
                              "\" is not one of conditions_not_met, materials_incomplete, "
                              "cannot_verify, not_community_matter");
    }
    auto request = proofRequestAt(c.window, c.itemId, actor);
    if (!request)
        return request.error();
    Ticket& ticket = *request->ticket;
    const ProofItem* item = request->item;
    if (ticket.proofStatus == "issued") {
        return queueError("proofs.already_issued",
                          ticket.number + " already has proof " + ticket.proofNumber);
    }
    if (auto r = ProofRegister::recordRefusal(
            db, ProofRefusal{loadedDay_, toUnixMillis(clock_.now()), ticket.id, item->id, c.reason,
                             actor.name(), c.window});
        !r)
        return r.error();
    ticket.proofStatus = "declined";
    if (auto r = TicketLedger::update(db, ticket); !r)
        return r.error();
    nlohmann::json event{{"ticket", ticket.number},
                         {"item_id", item->id},
                         {"reason", c.reason},
                         {"window", c.window}};
    return Applied{ticketJson(ticket), "proof.declined", event, std::nullopt};
}

void QueueEngine::setProofCatalog(std::shared_ptr<const ProofCatalog> catalog) {
    std::lock_guard lock(mutex_);
    proofs_ = std::move(catalog);
}

std::shared_ptr<const ProofCatalog> QueueEngine::proofCatalog() const {
    std::lock_guard lock(mutex_);
    return proofs_;
}

Result<const ResidentHasher*> QueueEngine::residentHasher() {
    std::lock_guard lock(hasherMutex_);
    if (!residentHasher_) {
        auto hasher = ResidentHasher::open(config_.identity.hashKeyFile);
        if (!hasher)
            return hasher.error();
        residentHasher_ = std::move(hasher).value();
    }
    return &*residentHasher_;
}

Result<IssuedTicket> QueueEngine::issueTicket(char service,
                                              std::optional<PriorityCategory> priority,
                                              const std::string& requestItem,
                                              const std::string& residentIdNumber) {
    const QueueCommand command =
        IssueTicketCommand{service, priority, std::nullopt, requestItem, residentIdNumber};
    auto resident = identify(command);
    if (!resident)
        return resident.error();
    std::lock_guard lock(mutex_);
    auto r = executeLocked(command, Actor{"kiosk", {}, false}, {}, {}, *resident);
    if (!r)
        return r.error();
    const std::string id = (*r)["id"];
    const Ticket* t = findLocked(id);
    if (!t)
        return fail("queue.lost", "ticket " + id + " was committed but is not in memory");
    return placeInQueue(*t);
}

Result<std::optional<IssuedTicket>> QueueEngine::latestTicketToday() {
    std::lock_guard lock(mutex_);
    rollOverIfNewDay();
    if (today_.empty())
        return std::optional<IssuedTicket>();
    return std::optional<IssuedTicket>(placeInQueue(today_.back()));
}

void QueueEngine::setChangeListener(std::function<void()> listener) {
    std::lock_guard lock(mutex_);
    changed_ = std::move(listener);
}

Result<nlohmann::json> QueueEngine::statistics(const std::string& serviceDay) {
    std::lock_guard lock(mutex_);
    if (!store_) {
        if (auto r = connectLocked(); !r)
            return r.error();
    }
    return dayStatistics(store_->db(), serviceDay);
}

QueueSnapshot QueueEngine::snapshot() {
    std::lock_guard lock(mutex_);
    rollOverIfNewDay();
    QueueSnapshot s;
    s.epoch = epoch_;
    s.revision = revision_;
    s.serviceDay = loadedDay_;
    s.nowMs = toUnixMillis(clock_.now());
    s.openWindows = openWindowCount();
    if (store_) {
        if (auto help = recentHelpCalls(store_->db(), loadedDay_, clock_.now()))
            s.help = std::move(help).value();
    }
    const auto order = waitingInCallOrder(std::nullopt);
    for (const Ticket* t : order)
        s.waiting.push_back(*t);
    s.hallName = config_.hallName.byLanguage;
    s.utcOffsetMinutes = config_.utcOffsetMinutes;
    for (const auto& svc : config_.services) {
        QueueSnapshot::Service v;
        v.letter = svc.letter;
        v.name = svc.name.byLanguage;
        v.averageServiceSeconds = estimator_.averageSeconds(svc.letter);
        std::vector<const Ticket*> everyone(order.begin(), order.end());
        v.estimatedWaitMinutes = estimator_.minutesFor(everyone, s.openWindows);
        for (const Ticket* t : order) {
            if (t->queueService() != svc.letter)
                continue;
            ++v.waiting;
            if (s.nowMs - t->issuedAtMs > v.longestWaitMs) {
                v.longestWaitMs = s.nowMs - t->issuedAtMs;
                v.longestNumber = t->number;
            }
        }
        s.services.push_back(v);
    }
    for (const auto& [n, w] : windows_) {
        WindowState view = w;
        for (const auto& t : today_) {
            if (t.status == TicketStatus::Called && t.calledWindow == n)
                view.current = t;
        }
        s.windows.push_back(view);
    }
    std::map<std::string, double> serviceSeconds;
    for (auto it = today_.rbegin(); it != today_.rend(); ++it) {
        const Ticket& t = *it;
        if (t.status == TicketStatus::NoShow)
            s.noShows.push_back(t);
        if (t.calledBy.empty())
            continue;
        StaffCounts& c = s.staff[t.calledBy];
        if (t.status == TicketStatus::Done) {
            ++c.served;
            serviceSeconds[t.calledBy] +=
                static_cast<double>(t.finishedAtMs - t.calledAtMs) / 1000.0;
        }
        if (t.status == TicketStatus::NoShow)
            ++c.noShows;
    }
    for (auto& [staff, c] : s.staff) {
        if (c.served > 0)
            c.averageServiceSeconds = serviceSeconds[staff] / c.served;
    }
    s.calls = calls_;
    return s;
}

}  // namespace hall

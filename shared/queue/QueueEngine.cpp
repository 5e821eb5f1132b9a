#include "queue/QueueEngine.h"

#include <algorithm>

#include "crypto/Random.h"
#include "outbox/Outbox.h"
#include "queue/CallOrder.h"
#include "queue/TicketLedger.h"

namespace hall {

QueueEngine::QueueEngine(const HallConfig& config, const Clock& clock, Access access)
    : config_(config), clock_(clock), access_(access) {}

std::string QueueEngine::serviceDay() const {
    return toHallLocal(clock_.now(), config_.utcOffsetMinutes).date();
}

Result<void> QueueEngine::connect() {
    if (!store_ && access_ == Access::ReadOnly &&
        !std::filesystem::exists(HallStore::databaseFile(config_.dataDir))) {
        // Nothing issued here yet: an empty queue is the truth.
        waiting_.clear();
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
    const std::string day = serviceDay();
    auto waiting = TicketLedger::waiting(store_->db(), day);
    if (!waiting) {
        store_.reset();
        return waiting.error();
    }
    waiting_ = std::move(waiting).value();
    loadedDay_ = day;
    return {};
}

Result<void> QueueEngine::probe() {
    if (!store_ || access_ == Access::ReadOnly)
        return connect();
    return store_->probeWritable();
}

void QueueEngine::rollOverIfNewDay() {
    if (store_ && serviceDay() != loadedDay_) {
        // Tickets left waiting yesterday are not today's queue; numbering starts again at 001.
        if (auto r = connect(); !r) {
            waiting_.clear();
            loadedDay_ = serviceDay();
        }
    }
}

bool QueueEngine::isOpen(char service) const {
    const ServiceConfig* s = config_.findService(service);
    return s && s->hours.isOpen(toHallLocal(clock_.now(), config_.utcOffsetMinutes));
}

int QueueEngine::waitingCount(char service) {
    rollOverIfNewDay();
    return static_cast<int>(
        std::count_if(waiting_.begin(), waiting_.end(),
                      [service](const Ticket& t) { return t.service == service; }));
}

int QueueEngine::waitingTotal() {
    rollOverIfNewDay();
    return static_cast<int>(waiting_.size());
}

int QueueEngine::estimateMinutes(const std::vector<size_t>& order, size_t position) const {
    int totalMinutes = 0;
    for (size_t i = 0; i < position; ++i) {
        const ServiceConfig* s = config_.findService(waiting_[order[i]].service);
        totalMinutes += s ? s->averageServiceMinutes : 5;
    }
    const int windows = std::max(1, config_.staffedWindows);
    return (totalMinutes + windows - 1) / windows;
}

Result<IssuedTicket> QueueEngine::issueTicket(char service,
                                              std::optional<PriorityCategory> priority) {
    const ServiceConfig* s = config_.findService(service);
    if (!s) {
        return fail("queue.unknown_service", std::string("no service with letter ") + service +
                                                 " in " + config_.sourceFile.string());
    }
    if (!isOpen(service)) {
        return fail("queue.service_closed", std::string("service ") + service +
                                                " is not taking tickets now (hours " +
                                                s->hours.describe() + ")");
    }
    if (priority && std::find(config_.priorityCategories.begin(), config_.priorityCategories.end(),
                              *priority) == config_.priorityCategories.end()) {
        return fail("queue.priority_not_offered", "priority category " +
                                                      std::string(priorityCode(*priority)) +
                                                      " is not offered by this hall");
    }
    if (access_ == Access::ReadOnly) {
        return fail("store.read_only",
                    "this terminal view is read-only (a snapshot) and issues no tickets");
    }
    if (!store_) {
        if (auto r = connect(); !r)
            return r.error();
    }
    rollOverIfNewDay();

    const TimePoint now = clock_.now();
    Database& db = store_->db();
    auto tx = Transaction::begin(db, "issuing a ticket");
    if (!tx)
        return tx.error();
    auto seq = TicketLedger::nextSeq(db, loadedDay_, service);
    if (!seq)
        return seq.error();

    Ticket t;
    t.id = randomHex(16);
    t.serviceDay = loadedDay_;
    t.service = service;
    t.seq = *seq;
    t.number = formatTicketNumber(service, t.seq, config_.numberDigits);
    t.priority = priority;
    t.status = TicketStatus::Waiting;
    t.issuedAtMs = toUnixMillis(now);
    if (auto r = TicketLedger::insert(db, t); !r)
        return r.error();

    nlohmann::json event{
        {"ticket_id", t.id},
        {"number", t.number},
        {"service", std::string(1, service)},
        {"service_day", t.serviceDay},
        {"priority", priority ? nlohmann::json(std::string(priorityCode(*priority)))
                              : nlohmann::json(nullptr)}};
    if (auto r = Outbox::append(db, "ticket.issued", now, event); !r)
        return r.error();
    if (auto r = tx->commit(); !r)
        return r.error();

    waiting_.push_back(t);
    return placeInQueue(std::move(t));
}

IssuedTicket QueueEngine::placeInQueue(Ticket ticket) const {
    IssuedTicket placed;
    const auto order = callOrder(waiting_, config_.priorityBurst, priorityStreak_);
    for (size_t pos = 0; pos < order.size(); ++pos) {
        if (waiting_[order[pos]].id == ticket.id) {
            placed.peopleAhead = static_cast<int>(pos);
            placed.estimatedWaitMinutes = estimateMinutes(order, pos);
        }
    }
    placed.ticket = std::move(ticket);
    return placed;
}

Result<std::optional<IssuedTicket>> QueueEngine::latestTicketToday() {
    rollOverIfNewDay();
    if (!store_)
        return std::optional<IssuedTicket>();
    auto latest = TicketLedger::latest(store_->db(), loadedDay_);
    if (!latest)
        return latest.error();
    if (!*latest)
        return std::optional<IssuedTicket>();
    return std::optional<IssuedTicket>(placeInQueue(std::move(**latest)));
}

}  // namespace hall

#pragma once
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "Result.h"
#include "config/HallConfig.h"
#include "help/HelpCalls.h"
#include "identity/ResidentId.h"
#include "outbox/Outbox.h"
#include "proofs/ProofCatalog.h"
#include "queue/QueueCommand.h"
#include "queue/QueueSnapshot.h"
#include "queue/Ticket.h"
#include "queue/WaitEstimator.h"
#include "store/HallStore.h"
#include "time/Clock.h"

namespace hall {

struct IssuedTicket {
    Ticket ticket;
    int peopleAhead = 0;           // tickets that will be called before this one
    int estimatedWaitMinutes = 0;  // rounded up; 0 when nobody is ahead
};

struct StaffSession {
    std::string token;  // give to the staff member's device; the store keeps only its hash
    std::string staffId;
    std::string staffName;
    int64_t expiresAtMs = 0;
};

// The hall's queue. It owns the store (the hall role is its only writer) and keeps today's
// tickets in memory, reloading them when the service day changes at the hall's midnight.
//
// Every change goes through execute(): one SQLite transaction holds the change, its outbox
// event and, for LAN requests, the idempotency key with the result, so a retried request is
// answered from the store instead of applied twice. All methods are thread-safe: the resident
// screens and the LAN server's threads share one engine.
//
// A store fault is a value, never a crash: the change is refused with the store's fault code
// and nothing is shown as done.
class QueueEngine {
  public:
    enum class Access { ReadWrite, ReadOnly };
    QueueEngine(const HallConfig& config, const Clock& clock, Access access = Access::ReadWrite);

    // Opens the store (creating it on first run) and loads today's queue.
    Result<void> connect();
    // When paused: reconnects, or checks with a committed write that the store takes writes again.
    Result<void> probe();

    // Applies a change. With an idempotency key, a key seen before returns the stored result
    // and changes nothing; if `fingerprint` (what the command asks for) differs from the one
    // the key was first used with, it is refused (request.key_reused). The result is the
    // changed ticket or window, as JSON.
    Result<nlohmann::json> execute(const QueueCommand& command, const Actor& actor,
                                   const std::string& idempotencyKey = {},
                                   const std::string& fingerprint = {});

    // requestItem: a screened proof request to attach (a catalogue item id), or empty;
    // residentIdNumber: a resident identified by a verified code, kept hashed and masked.
    Result<IssuedTicket> issueTicket(char service, std::optional<PriorityCategory> priority,
                                     const std::string& requestItem = {},
                                     const std::string& residentIdNumber = {});
    // Today's most recently issued ticket, with its place in the queue as it stands now.
    Result<std::optional<IssuedTicket>> latestTicketToday();
    // A ticket of today by id or number, with its place if it is waiting.
    std::optional<IssuedTicket> findToday(const std::string& idOrNumber);
    bool isRated(const std::string& ticketId);

    // The outbox, for the upload to the central service: the oldest events, and removing those
    // the central has acknowledged. Both wait for the engine like any change.
    Result<std::vector<OutboxEvent>> outboxBatch(size_t max);
    Result<void> acknowledgeOutbox(int64_t throughSeq);
    Result<int64_t> outboxBacklog();

    // Wrong PINs lock the staff id on that counter only (and a counter that keeps failing for
    // any id is locked too), so one counter cannot lock a colleague out of the others.
    Result<StaffSession> login(const std::string& staffId, const std::string& pin,
                               const std::string& device);
    Result<void> logout(const std::string& token, const std::string& device);
    // The staff member a session token belongs to, if it is valid and `device` is the counter
    // that logged in with it.
    std::optional<std::string> staffForToken(const std::string& token, const std::string& device);

    QueueSnapshot snapshot();
    // Figures of a day (today's or an earlier one) from the store; see DayStatistics.h.
    Result<nlohmann::json> statistics(const std::string& serviceDay);
    // Called after every committed change, on the thread that made it: wake whoever shows it.
    // It must not call back into the engine.
    void setChangeListener(std::function<void()> listener);
    // Changes whenever the queue changes (any thread); starts anew with each process (epoch).
    uint64_t revision() const;
    const std::string& epoch() const { return epoch_; }

    int waitingCount(char service);
    int waitingTotal();
    bool isOpen(char service) const;
    std::string serviceDay() const;

    // The proof catalogue that requests on tickets and issued proofs are checked against;
    // without one, proof commands are refused.
    void setProofCatalog(std::shared_ptr<const ProofCatalog> catalog);
    std::shared_ptr<const ProofCatalog> proofCatalog() const;

    const HallConfig& config() const { return config_; }
    // For reports over the store; nullptr when it is not open.
    HallStore* store() { return store_.get(); }
    std::mutex& mutex() { return mutex_; }

  private:
    struct Applied {
        nlohmann::json result;
        std::string eventType;
        nlohmann::json event;
        // Committed, yet the caller is told no: a refused attempt that must stay on record.
        std::optional<Error> refusal;
    };
    // A change made by a room of its own (help calls), recorded like the queue's own.
    static Result<Applied> applied(Result<HelpChange> change);

    // A resident identified by an ID number in a command: what the screen may show while they
    // are here, and the slow hash the store keeps.
    struct Resident {
        std::string masked;
        std::string hash;
    };

    Result<void> connectLocked();
    void rollOverIfNewDay();
    // Checks and hashes a command's ID number, without the engine's lock: the hash is slow on
    // purpose, and the queue must not wait for it.
    Result<std::optional<Resident>> identify(const QueueCommand& command);
    Result<nlohmann::json> executeLocked(const QueueCommand& command, const Actor& actor,
                                         const std::string& idempotencyKey,
                                         const std::string& fingerprint,
                                         const std::optional<Resident>& resident);
    Result<Applied> apply(const QueueCommand& command, const Actor& actor,
                          const std::optional<Resident>& resident, Database& db);

    Result<Applied> issue(const IssueTicketCommand& c, const std::optional<Resident>& resident,
                          Database& db);
    Result<Applied> openWindow(const OpenWindowCommand& c, const Actor& actor, Database& db);
    Result<Applied> setWindowStatus(int window, WindowStatus status, const Actor& actor,
                                    Database& db);
    Result<Applied> callNext(const CallNextCommand& c, const Actor& actor, Database& db);
    Result<Applied> recall(const RecallCommand& c, const Actor& actor, Database& db);
    Result<Applied> noShow(const NoShowCommand& c, const Actor& actor, Database& db);
    Result<Applied> reinstate(const ReinstateCommand& c, Database& db);
    Result<Applied> transfer(const TransferCommand& c, const Actor& actor, Database& db);
    Result<Applied> finish(const FinishCommand& c, const Actor& actor, Database& db);
    Result<Applied> rate(const RateCommand& c, Database& db);
    Result<Applied> recordScreening(const RecordScreeningCommand& c, Database& db);
    Result<Applied> issueProof(const IssueProofCommand& c, const Actor& actor,
                               const std::optional<Resident>& resident, Database& db);
    // The keyed hasher of resident numbers, its key read (or made) on first use.
    Result<const ResidentHasher*> residentHasher();
    Result<Applied> declineProof(const DeclineProofCommand& c, const Actor& actor, Database& db);
    // The item a proof command at a window is about: its own, or the ticket's request.
    Result<const ProofItem*> proofItemFor(const std::string& itemId, const Ticket& ticket) const;
    // The ticket at a staff member's window and the proof it asks for (itemId, or the
    // ticket's request): what issuing and declining both act on.
    struct ProofRequest {
        Ticket* ticket;
        const ProofItem* item;
    };
    Result<ProofRequest> proofRequestAt(int window, const std::string& itemId, const Actor& actor);

    // The window, checked to be open (or paused where allowed) and staffed by the actor.
    Result<WindowState*> windowFor(int number, const Actor& actor, bool allowPaused);
    Result<Ticket*> currentAt(int window);
    Ticket* findLocked(const std::string& idOrNumber);
    std::vector<const Ticket*> waitingInCallOrder(std::optional<int> forWindow) const;
    IssuedTicket placeInQueue(const Ticket& ticket) const;
    int openWindowCount() const;
    void recordCall(const Ticket& t, bool recall);

    const HallConfig& config_;
    const Clock& clock_;
    Access access_;
    std::string epoch_;
    mutable std::mutex mutex_;
    std::unique_ptr<HallStore> store_;
    std::string loadedDay_;
    std::vector<Ticket> today_;  // every ticket of the day, in issue order
    std::map<int, WindowState> windows_;
    WaitEstimator estimator_;
    int priorityStreak_ = 0;
    std::vector<CallEvent> calls_;
    uint64_t callSequence_ = 0;
    uint64_t revision_ = 1;
    std::function<void()> changed_;
    std::shared_ptr<const ProofCatalog> proofs_;
    std::mutex hasherMutex_;
    std::optional<ResidentHasher> residentHasher_;
};

// A ticket as results, events and the LAN snapshot carry it. Never the masked ID number: only
// `identified`. The snapshot adds it for the resident at a window (snapshotToJson).
nlohmann::json ticketJson(const Ticket& t);
nlohmann::json windowJson(const WindowState& w);

}  // namespace hall

#pragma once
#include <optional>
#include <string>
#include <vector>

#include "Result.h"
#include "outbox/Outbox.h"
#include "sync/SyncProtocol.h"

namespace hall {

// A terminal the central service knows: enrolled with a one-time code for its hall.
struct TerminalRecord {
    std::string id;
    std::string hallId;
    std::string district;
    std::string publicKey;  // Ed25519, 32 raw bytes
    int64_t enrolledAtMs = 0;
    int64_t revokedAtMs = 0;  // 0: not revoked
    int64_t lastContactMs = 0;
    std::string software;
    int64_t eventsReceived = 0;
    int64_t catalogVersion = 0;
    int64_t backlog = 0;  // as the terminal last reported it
    std::string lastError;
    std::string bundles = "{}";         // JSON: bundle kind → version in force, as last reported
    std::string bundleError;            // why the terminal last refused a bundle
    std::string softwareUpdate = "{}";  // JSON: sync::softwareUpdateJson, as last reported
};

// A bundle a maintainer published (sync::Bundle), kept as signed: the central service cannot
// change what it hands out without the terminals noticing.
struct PublishedBundle {
    std::string kind;
    int64_t version = 0;
    std::string scope;  // all, district:<id>, hall:<id>
    std::string signer;
    int64_t publishedAtMs = 0;
    std::string signedText;
};

// A staged rollout of a software bundle (SoftwareRollout): its stages and state as
// maintainers set them; its progress is derived from what the terminals report.
struct RolloutRecord {
    int64_t id = 0;
    int64_t bundleVersion = 0;     // the software bundle it rolls out
    std::string definition;        // JSON: SoftwareRollout's plan
    std::string state = "active";  // active, paused or cancelled
    int64_t createdAtMs = 0;
    std::string createdBy;
};

// A terminal's software as it reported it at one time (sync::softwareUpdateJson).
struct UpdateHistoryEntry {
    int64_t atMs = 0;
    std::string status;
};

// An event as stored, with the hall of the terminal that sent it (statistics).
struct StoredEvent {
    std::string hallId;
    std::string type;
    int64_t occurredAtMs = 0;
    std::string payload;
};

struct IngestResult {
    int64_t applied = 0;
    int64_t duplicates = 0;
};

// Where the central service keeps terminals and their events. One interface, so that one box
// runs on SQLite and a province behind a load balancer on PostgreSQL with the same service.
// Every method is one transaction; an event is stored once per (terminal, event id), whatever
// the number of times it is sent.
class CentralStore {
  public:
    virtual ~CentralStore() = default;

    // A one-time enrolment code for a terminal of `hallId`, valid until `expiresAtMs`; the store
    // keeps only its hash.
    virtual Result<std::string> createEnrolmentCode(const std::string& hallId,
                                                    const std::string& district,
                                                    int64_t expiresAtMs) = 0;
    // Uses up the code; the terminal's key from now on identifies it.
    virtual Result<TerminalRecord> enrol(const std::string& code, const std::string& terminalId,
                                         const std::string& publicKey, const std::string& software,
                                         int64_t nowMs) = 0;
    virtual Result<std::vector<TerminalRecord>> terminals() = 0;
    virtual Result<std::optional<TerminalRecord>> terminal(const std::string& id) = 0;
    virtual Result<void> revoke(const std::string& terminalId, int64_t nowMs) = 0;
    // Stores the events and what the terminal says of itself, in one transaction.
    virtual Result<IngestResult> ingest(const std::string& terminalId,
                                        const std::vector<OutboxEvent>& events,
                                        const sync::TerminalStatus& status, int64_t nowMs) = 0;
    // How many events of `type` a terminal has sent (statistics, tests).
    virtual Result<int64_t> countEvents(const std::string& terminalId, const std::string& type) = 0;
    // The events of `types` that occurred in [fromMs, toMs), of one hall or (hallId "") all.
    virtual Result<std::vector<StoredEvent>> eventsOccurred(int64_t fromMs, int64_t toMs,
                                                            const std::vector<std::string>& types,
                                                            const std::string& hallId) = 0;

    // Keeps a published bundle; a kind's version is used once (central.version_taken).
    virtual Result<void> publish(const PublishedBundle& bundle) = 0;
    // Every published bundle, by kind and version.
    virtual Result<std::vector<PublishedBundle>> bundles() = 0;

    // A software bundle is rolled out once (central.rollout_exists); returns the rollout's id.
    virtual Result<int64_t> createRollout(const RolloutRecord& rollout) = 0;
    virtual Result<std::vector<RolloutRecord>> rollouts() = 0;
    // central.unknown_rollout if there is no such rollout.
    virtual Result<void> setRolloutState(int64_t id, const std::string& state) = 0;
    // What the updater reports when it asks for software (sync::softwareUpdateJson): kept with
    // the terminal, and in its history when it changed.
    virtual Result<void> noteSoftwareUpdate(const std::string& terminalId,
                                            const std::string& status, int64_t nowMs) = 0;
    // What a terminal reported of its software, each change once, oldest first (ingest adds
    // an entry whenever the report differs from the last).
    virtual Result<std::vector<UpdateHistoryEntry>> updateHistory(
        const std::string& terminalId) = 0;
};

}  // namespace hall

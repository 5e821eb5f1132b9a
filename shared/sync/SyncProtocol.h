#pragma once
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "Result.h"
#include "outbox/Outbox.h"

namespace hall::sync {

// The terminal ↔ central service protocol (docs/central-api.yaml): the messages both sides
// build and check, so neither has its own idea of them.
inline constexpr const char* kPathTime = "/api/v1/time";
inline constexpr const char* kPathEnrol = "/api/v1/enrol";
inline constexpr const char* kPathEvents = "/api/v1/events";
inline constexpr const char* kPathBundles = "/api/v1/bundles";
// A software release's download (GET, Range): ?sha256=<download> or ?tree=<to>&from=<from>.
inline constexpr const char* kPathSoftware = "/api/v1/software";
// The maintainers' side, signed with a maintainer's key (kioskctl central).
inline constexpr const char* kPathAdminCodes = "/api/v1/admin/codes";
inline constexpr const char* kPathAdminTerminals = "/api/v1/admin/terminals";
inline constexpr const char* kPathAdminRevoke = "/api/v1/admin/revoke";
inline constexpr const char* kPathAdminPublish = "/api/v1/admin/publish";
inline constexpr const char* kPathAdminBundles = "/api/v1/admin/bundles";
inline constexpr const char* kPathAdminStatistics = "/api/v1/admin/statistics";
// Staged rollouts of software bundles: list, pause, resume, cancel.
inline constexpr const char* kPathAdminRollouts = "/api/v1/admin/rollouts";
// What a terminal reported of its software over time.
inline constexpr const char* kPathAdminHistory = "/api/v1/admin/history";
// A terminal's health every 30 s (health::heartbeatJson), signed by its key.
inline constexpr const char* kPathHeartbeat = "/api/v1/heartbeat";
// A terminal's alerts, on and past; each hall's uptime over a day.
inline constexpr const char* kPathAdminAlerts = "/api/v1/admin/alerts";
inline constexpr const char* kPathAdminUptime = "/api/v1/admin/uptime";
// A one-time sign-in to the web console for the maintainer who signed the request.
inline constexpr const char* kPathAdminLogin = "/api/v1/admin/login";
// An order for a terminal (orders::RemoteOrder): screenshot, restart, out of service.
inline constexpr const char* kPathAdminOrders = "/api/v1/admin/orders";
// A terminal's screenshot for one of its orders (?order=ID, the PNG as the body).
inline constexpr const char* kPathScreenshot = "/api/v1/screenshot";
inline constexpr size_t kMaxScreenshotBytes = 4 * 1024 * 1024;
// A software release's download, uploaded before its bundle is published (raw bytes).
inline constexpr const char* kPathAdminSoftware = "/api/v1/admin/software";
inline constexpr size_t kMaxSoftwareBytes = size_t{512} << 20;

inline constexpr size_t kMaxBatchEvents = 500;
inline constexpr size_t kMaxBodyBytes = 4 * 1024 * 1024;

// Where the terminal's software stands (the updater's journal, update::UpdateJournal).
struct SoftwareUpdateStatus {
    std::string running;      // the version the roles run
    std::string downloaded;   // the newest verified download
    std::string phase;        // idle, downloading, … (update::phaseCode)
    std::string lastFailure;  // "0.8.1: why", the last update that failed
    bool operator==(const SoftwareUpdateStatus&) const = default;
};

// A batch of outbox events, oldest first. Each event's idempotency key is the terminal's id
// with the event's id: the central applies an event once, however often it arrives.
// How the terminal is, sent with every upload: what maintainers see of each hall.
struct TerminalStatus {
    std::string software;
    int64_t catalogVersion = 0;              // the proof catalogue in force, 0 without one
    int64_t backlog = 0;                     // events still waiting in the outbox after this batch
    std::string lastError;                   // the last upload's failure, if it failed
    std::map<std::string, int64_t> bundles;  // bundle kind → version in force
    std::string bundleError;                 // why the last bundle offered was refused
    SoftwareUpdateStatus update{};           // the updater's, as it last wrote it
};

nlohmann::json softwareUpdateJson(const SoftwareUpdateStatus& s);

struct UploadBatch {
    std::string hallId;
    std::vector<OutboxEvent> events;
    TerminalStatus status;
    // As parsed: for each event, why it does not fit its kind (checkEventPayload), or "".
    std::vector<std::string> problems;
};
nlohmann::json uploadJson(const UploadBatch& batch);
Result<UploadBatch> parseUpload(std::string_view body);

// The central's answer: every event up to `ackedThrough` (a terminal sequence number) is
// applied, so the terminal may delete them. Every answer carries the central's time.
struct UploadAck {
    int64_t ackedThrough = 0;
    int64_t applied = 0;     // new this time
    int64_t duplicates = 0;  // already there (a retry)
    int64_t rejected = 0;    // refused: they do not fit their kind (sync::checkEventPayload)
    std::string firstRejection;
    int64_t serverTimeMs = 0;
};
nlohmann::json ackJson(const UploadAck& ack);
// A truncated, empty or non-JSON answer is an error (sync.bad_answer), never an acknowledgement.
Result<UploadAck> parseAck(std::string_view body);

struct EnrolRequest {
    std::string code;        // the one-time code a maintainer made for this hall
    std::string terminalId;  // letters, digits, '-', '_'
    std::string publicKey;   // Ed25519, base64
    std::string software;    // the terminal's version
};
nlohmann::json enrolJson(const EnrolRequest& r);
Result<EnrolRequest> parseEnrol(std::string_view body);

// A terminal asks for what is published for it, saying the versions it has in force; the
// answer holds the newest signed bundle of each kind that is newer, as each was signed.
struct BundleRequest {
    std::string hallId;
    std::map<std::string, int64_t> have;  // kind → version in force
    // The updater says where it stands each time it asks for software, so a rollout moves on
    // as soon as a terminal has proved a release, whatever its roles are doing.
    std::optional<SoftwareUpdateStatus> software{};
};
nlohmann::json bundleRequestJson(const BundleRequest& r);
Result<BundleRequest> parseBundleRequest(std::string_view body);
// The signed bundles of an answer, each as JSON text for sync::openBundle.
Result<std::vector<std::string>> parseBundleAnswer(std::string_view body);

}  // namespace hall::sync

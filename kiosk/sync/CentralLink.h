#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "Result.h"
#include "lan/DeviceKey.h"
#include "queue/QueueEngine.h"
#include "sync/BundleStore.h"
#include "sync/SyncProtocol.h"
#include "time/CorrectedClock.h"

namespace hall {

// Where the central service is, for the terminal: its address, its certificate (the only one
// trusted: pinned, verification always on) and the terminal's own key from enrolment.
struct CentralEndpoint {
    CentralEndpoint(std::string url_, std::filesystem::path certificate_,
                    std::chrono::milliseconds timeout_ = std::chrono::seconds(30))
        : url(std::move(url_)), certificate(std::move(certificate_)), timeout(timeout_) {}
    std::string url;  // https://central.example:9443
    std::filesystem::path certificate;
    // A central that answers slower than this is taken as unreachable; the upload is retried.
    std::chrono::milliseconds timeout;
};

// One HTTPS exchange with the central service (libcurl). Errors are values with a code:
// sync.unreachable (no connection, TLS refused), sync.server_error (5xx), sync.busy (503 with
// Retry-After), sync.refused (4xx: fix something first), sync.bad_answer (not an answer).
struct CentralAnswer {
    int status = 0;
    std::string body;
    std::chrono::milliseconds retryAfter{0};
    int64_t serverTimeMs = 0;
};
// The answer, whatever its status; an error only when no answer came (sync.unreachable).
Result<CentralAnswer> postToCentral(const CentralEndpoint& central, const std::string& path,
                                    const std::string& body, const DeviceKey* signer,
                                    int64_t nowMs);
// Downloads a GET of `pathAndQuery`, signed by `signer`, into `file`, going on from the bytes
// the file already holds (HTTP Range): a cut line or a restart resumes where it stopped rather
// than from zero. Refuses to hold more than `maxBytes`. The central answers a part at a time:
// call again until `have` reaches `total`. A refusal (sync.refused, with the central's reason)
// leaves the file as it was.
struct DownloadProgress {
    int64_t have = 0;   // bytes in the file now
    int64_t total = 0;  // bytes of the whole download, as the central says
};
Result<DownloadProgress> downloadFromCentral(const CentralEndpoint& central,
                                             const std::string& pathAndQuery,
                                             const DeviceKey& signer, int64_t nowMs,
                                             const std::filesystem::path& file, int64_t maxBytes);

// The central's clock (GET /api/v1/time, no signature): whether it is reachable from here,
// with this certificate, and how far this machine's clock is from its own.
Result<int64_t> centralTime(const CentralEndpoint& central);
// What an answer's status means for the caller, as an error value (or none for 2xx).
Result<void> checkAnswer(const CentralAnswer& answer, const std::string& path);

// Enrols this terminal with a maintainer's one-time code: the central learns its public key.
// The answer: the district the central puts the hall in (bundles for a district need it), and
// the key the central signs the console's orders with (orders::RemoteOrder).
struct Enrolment {
    std::string district;
    std::string orderKeyId;
    std::string orderKey;  // Ed25519 public key, raw; empty from a central without a console
};
Result<Enrolment> enrolWithCentral(const CentralEndpoint& central, const std::string& code,
                                   const DeviceKey& key, const std::string& software);
// Keeps what the terminal needs of its enrolment beside its key: `district`, `order-key`.
Result<void> keepEnrolment(const Enrolment& enrolment, const std::filesystem::path& keyFile);

// The district from enrolment, kept beside the terminal's key (`district` there); "" if none.
std::filesystem::path districtFile(const std::filesystem::path& keyFile);
std::string enrolledDistrict(const std::filesystem::path& keyFile);
// Who may sign orders for this terminal: the central's order key from enrolment (key id →
// public key), none if it was enrolled before the central had one.
std::map<std::string, std::string> enrolledOrderSigners(const std::filesystem::path& keyFile);

// Uploads the hall's outbox to the central service on its own thread: the oldest events in
// batches, each signed with the terminal's key; events leave the outbox only once the central
// has acknowledged them, so a cut, a crash or a restart between upload and acknowledgement
// loses nothing and the central, keyed by event, applies nothing twice. Failures back off
// (sync::retryDelay); the UI never waits for any of it.
class CentralLink {
  public:
    CentralLink(QueueEngine& engine, std::string hallId, CentralEndpoint central, DeviceKey key,
                const Clock& clock);
    ~CentralLink();

    // Also fetch what maintainers publish for this hall (every `interval`), check each
    // bundle with `validate` and put it in force in `store`; `applied` hears of each put in
    // force (on this thread). Before start().
    void takeBundles(sync::BundleStore* store, sync::BundleStore::Validator validate,
                     std::function<void(sync::BundleKind)> applied,
                     std::chrono::seconds interval = std::chrono::seconds(60));
    // What the terminal's software is, sent with every upload (before start()).
    void reportSoftware(std::function<sync::SoftwareUpdateStatus()> software) {
        software_ = std::move(software);
    }
    // The hall's clock follows the central's time from every answer (before start()).
    void keepTime(CorrectedClock* hallClock) { hallClock_ = hallClock; }
    // One fetch, synchronously: how many bundles were put in force. A refused bundle is
    // logged and reported to the central with the next upload, and the one in force stays.
    Result<int> fetchBundlesOnce();

    void start();
    void stop();
    // New events in the outbox: upload soon rather than at the next poll.
    void wake();

    // One batch, synchronously: read, send, acknowledge. An empty outbox sends the terminal's
    // status alone (acknowledged through 0).
    Result<sync::UploadAck> uploadOnce();
    // Sends a batch without removing anything from the outbox (tests: a crash between upload
    // and acknowledgement).
    Result<sync::UploadAck> send(const std::vector<OutboxEvent>& events);

    struct Status {
        int64_t uploaded = 0;  // events acknowledged since start
        int64_t lastSuccessMs = 0;
        std::string lastError;
        int failures = 0;
        std::string bundleError;  // why the last bundle was refused
    };
    Status status() const;

    static constexpr std::chrono::seconds kPollInterval{30};

  private:
    void run();
    // A signed request, and once more at once if the central refused this machine's clock.
    Result<CentralAnswer> postSigned(const std::string& path, const std::string& body);
    void noteTime(const CentralAnswer& answer);

    QueueEngine& engine_;
    std::string hallId_;
    CentralEndpoint central_;
    DeviceKey key_;
    const Clock& clock_;
    std::atomic<int64_t> clockOffsetMs_{0};  // the central's clock minus ours
    mutable std::mutex mutex_;
    std::condition_variable wakeup_;
    bool woken_ = false;
    bool stopping_ = false;
    Status status_;
    std::chrono::milliseconds retryAfter_{0};
    sync::BundleStore* bundles_ = nullptr;
    CorrectedClock* hallClock_ = nullptr;
    sync::BundleStore::Validator validate_;
    std::function<void(sync::BundleKind)> applied_;
    std::function<sync::SoftwareUpdateStatus()> software_;
    std::chrono::seconds bundleInterval_{60};
    std::thread thread_;
};

}  // namespace hall

#include "sync/CentralLink.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>

#include <unistd.h>

#include "lan/RequestAuth.h"
#include "sync/RetryBackoff.h"
#include "text/UntrustedJson.h"
#include "text/Utf8.h"

namespace hall {

namespace {

size_t collectBody(char* data, size_t size, size_t count, void* out) {
    auto* body = static_cast<std::string*>(out);
    // An answer larger than any the protocol has is cut off here and fails to parse.
    if (body->size() < sync::kMaxBodyBytes)
        body->append(data, size * count);
    return size * count;
}

struct HeaderValues {
    std::chrono::milliseconds retryAfter{0};
    int64_t serverTimeMs = 0;
};

size_t collectHeader(char* data, size_t size, size_t count, void* out) {
    auto* values = static_cast<HeaderValues*>(out);
    std::string line(data, size * count);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const std::string value = line.substr(colon + 1);
        try {
            if (name == "retry-after")
                values->retryAfter = std::chrono::seconds(std::stoll(value));
            else if (name == "x-hall-server-time")
                values->serverTimeMs = std::stoll(value);
        } catch (const std::exception&) {
            // A malformed header is ignored: the answer's status still decides.
        }
    }
    return size * count;
}

using CurlHandle = std::unique_ptr<CURL, void (*)(CURL*)>;

// A request to the central at `url` that trusts exactly its certificate (verification is never
// turned off), collecting the answer's body into `body`.
Result<CurlHandle> centralRequest(const std::string& url, const CentralEndpoint& central,
                                  std::chrono::milliseconds timeout, std::string* body) {
    static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    if (!initialised)
        return fail("sync.unreachable", "libcurl could not start");
    CurlHandle curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl)
        return fail("sync.unreachable", "libcurl could not start");
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CAINFO, central.certificate.c_str());
    curl_easy_setopt(h, CURLOPT_CAPATH, nullptr);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collectBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
    return curl;
}

}  // namespace

Result<CentralAnswer> postToCentral(const CentralEndpoint& central, const std::string& path,
                                    const std::string& body, const DeviceKey* signer,
                                    int64_t nowMs) {
    const std::string url = central.url + path;
    CentralAnswer answer;
    auto curl = centralRequest(url, central, central.timeout, &answer.body);
    if (!curl)
        return curl.error();
    curl_slist* headerList = nullptr;
    headerList = curl_slist_append(headerList, "Content-Type: application/json");
    if (signer) {
        const auto c = signRequest(*signer, "POST", path, body, nowMs, {}, {});
        for (const auto& h :
             {std::string(headers::kDevice) + ": " + c.device,
              std::string(headers::kTimestamp) + ": " + std::to_string(c.timestampMs),
              std::string(headers::kNonce) + ": " + c.nonce,
              std::string(headers::kSignature) + ": " + c.signature}) {
            headerList = curl_slist_append(headerList, h.c_str());
        }
    }
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> headersGuard(headerList,
                                                                    curl_slist_free_all);
    HeaderValues values;
    CURL* h = curl->get();
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headerList);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, collectHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &values);
    const CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        return fail("sync.unreachable",
                    "cannot reach the central service at " + url + ": " + curl_easy_strerror(rc));
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    answer.status = static_cast<int>(status);
    answer.retryAfter = values.retryAfter;
    answer.serverTimeMs = values.serverTimeMs;
    return answer;
}

namespace {

struct DownloadSink {
    CURL* curl = nullptr;
    std::FILE* file = nullptr;
    int64_t size = 0;
    int64_t maxBytes = 0;
    std::string refusal;  // the body of an answer that is not the download
    bool tooLarge = false;
    bool resuming = false;  // a whole answer to a resumed download must not be appended
    int64_t total = 0;      // from Content-Range (…/total) or Content-Length
};

size_t readDownloadHeader(char* data, size_t size, size_t count, void* out) {
    auto* sink = static_cast<DownloadSink*>(out);
    std::string line(data, size * count);
    for (auto& c : line)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    try {
        if (line.rfind("content-range:", 0) == 0 && line.find('/') != std::string::npos)
            sink->total = std::stoll(line.substr(line.find('/') + 1));
        else if (line.rfind("content-length:", 0) == 0 && sink->total == 0)
            sink->total = std::stoll(line.substr(15));
    } catch (const std::exception&) {
        // A malformed header: the total stays unknown and the status decides.
    }
    return size * count;
}

size_t writeDownload(char* data, size_t size, size_t count, void* out) {
    auto* sink = static_cast<DownloadSink*>(out);
    const size_t n = size * count;
    long status = 0;
    curl_easy_getinfo(sink->curl, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200 && status != 206) {
        if (sink->refusal.size() < 4096)
            sink->refusal.append(data, n);
        return n;
    }
    if (status == 200 && sink->resuming)
        return 0;
    if (sink->size + static_cast<int64_t>(n) > sink->maxBytes) {
        sink->tooLarge = true;
        return 0;  // aborts the transfer
    }
    if (std::fwrite(data, 1, n, sink->file) != n)
        return 0;
    sink->size += static_cast<int64_t>(n);
    return n;
}

}  // namespace

Result<DownloadProgress> downloadFromCentral(const CentralEndpoint& central,
                                             const std::string& pathAndQuery,
                                             const DeviceKey& signer, int64_t nowMs,
                                             const std::filesystem::path& file, int64_t maxBytes) {
    const std::string url = central.url + pathAndQuery;
    std::string unused;
    // Long enough for a release over a slow line; a line that stalls is cut much sooner (below).
    auto curl = centralRequest(url, central, std::chrono::hours(1), &unused);
    if (!curl)
        return curl.error();
    std::error_code ec;
    const int64_t have = std::filesystem::exists(file, ec)
                             ? static_cast<int64_t>(std::filesystem::file_size(file, ec))
                             : 0;
    if (have >= maxBytes)
        return DownloadProgress{have, have};
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(file.c_str(), "ab"),
                                                        std::fclose);
    if (!out)
        return fail("update.write", "cannot write " + file.string());
    DownloadSink sink{curl->get(), out.get(), have, maxBytes, {}, false, have > 0, 0};
    curl_slist* headerList = nullptr;
    const auto c = signRequest(signer, "GET", pathAndQuery, "", nowMs, {}, {});
    for (const auto& h : {std::string(headers::kDevice) + ": " + c.device,
                          std::string(headers::kTimestamp) + ": " + std::to_string(c.timestampMs),
                          std::string(headers::kNonce) + ": " + c.nonce,
                          std::string(headers::kSignature) + ": " + c.signature})
        headerList = curl_slist_append(headerList, h.c_str());
    // Always in parts, from where the file ends: the central answers a part at a time.
    headerList =
        curl_slist_append(headerList, ("Range: bytes=" + std::to_string(have) + "-").c_str());
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> headersGuard(headerList,
                                                                    curl_slist_free_all);
    CURL* h = curl->get();
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headerList);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, writeDownload);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, readDownloadHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &sink);
    // Under 1 KiB/s for 30 s: the line is as good as cut; the next try resumes.
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 30L);
    const CURLcode rc = curl_easy_perform(h);
    std::fflush(out.get());
    ::fsync(::fileno(out.get()));
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status == 200 && have > 0) {
        std::filesystem::resize_file(file, 0, ec);
        return fail("update.bad_download",
                    url + " answered without the part asked for; the download starts again");
    }
    if (sink.tooLarge) {
        return fail("update.bad_download",
                    url + " sends more than the " + std::to_string(maxBytes) + " bytes signed");
    }
    if (rc != CURLE_OK) {
        return fail("sync.unreachable", "the download from " + url + " stopped at " +
                                            std::to_string(sink.size) + " bytes (" +
                                            curl_easy_strerror(rc) + "); it resumes from there");
    }
    if (status == 416)
        return DownloadProgress{have, have};  // nothing left: the file is the whole download
    if (status != 200 && status != 206) {
        return fail("sync.refused", "the central service refused " + pathAndQuery + " (" +
                                        std::to_string(status) +
                                        "): " + utf8::truncateBytes(sink.refusal, 300));
    }
    return DownloadProgress{sink.size, sink.total > 0 ? sink.total : sink.size};
}

Result<int64_t> centralTime(const CentralEndpoint& central) {
    const std::string url = central.url + sync::kPathTime;
    std::string body;
    auto curl = centralRequest(url, central, std::chrono::seconds(10), &body);
    if (!curl)
        return curl.error();
    CURL* h = curl->get();
    const CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        return fail("sync.unreachable",
                    "cannot reach the central service at " + url + ": " + curl_easy_strerror(rc));
    }
    const auto j = parseUntrustedJson(body);
    if (!j.is_object() || !j.contains("server_time") || !j["server_time"].is_number_integer())
        return fail("sync.bad_answer", url + " did not answer with its time");
    return j["server_time"].get<int64_t>();
}

Result<void> checkAnswer(const CentralAnswer& answer, const std::string& path) {
    if (answer.status == 503 && answer.retryAfter.count() > 0) {
        return fail("sync.busy", "the central service is busy; it asks to wait " +
                                     std::to_string(answer.retryAfter.count() / 1000) + " s");
    }
    if (answer.status >= 500) {
        return fail("sync.server_error", "the central service failed (" +
                                             std::to_string(answer.status) + ") on " + path +
                                             "; retrying later");
    }
    if (answer.status >= 400 || answer.status < 200) {
        // The answer may come from a proxy, in any encoding: kept as valid UTF-8, cut on a
        // character, since it is reported back to the central as JSON.
        return fail("sync.refused", "the central service refused " + path + " (" +
                                        std::to_string(answer.status) +
                                        "): " + utf8::truncateBytes(answer.body, 300));
    }
    return {};
}

Result<Enrolment> enrolWithCentral(const CentralEndpoint& central, const std::string& code,
                                   const DeviceKey& key, const std::string& software) {
    const auto body = sync::enrolJson({code, key.id, toBase64(key.publicKey), software}).dump();
    auto answer = postToCentral(central, sync::kPathEnrol, body, nullptr, 0);
    if (!answer)
        return answer.error();
    if (auto ok = checkAnswer(*answer, sync::kPathEnrol); !ok)
        return ok.error();
    const auto j = parseUntrustedJson(answer->body);
    if (!j.is_object() || !j.contains("district") || !j["district"].is_string())
        return fail("sync.bad_answer", "the enrolment answer names no district");
    Enrolment e;
    e.district = j["district"].get<std::string>();
    if (j.contains("order_key") && j["order_key"].is_object()) {
        const auto& k = j["order_key"];
        auto raw = fromBase64(k.value("public_key", ""));
        if (!k.contains("id") || !k["id"].is_string() || !raw || raw->size() != 32)
            return fail("sync.bad_answer", "the enrolment answer's order_key is not a key");
        e.orderKeyId = k["id"];
        e.orderKey = *raw;
    }
    return e;
}

Result<void> keepEnrolment(const Enrolment& e, const std::filesystem::path& keyFile) {
    if (auto r = sync::replaceFileDurably(districtFile(keyFile), e.district + "\n"); !r)
        return r;
    if (e.orderKey.empty())
        return {};
    return sync::replaceFileDurably(keyFile.parent_path() / "order-key",
                                    e.orderKeyId + " " + toBase64(e.orderKey) + "\n");
}

std::map<std::string, std::string> enrolledOrderSigners(const std::filesystem::path& keyFile) {
    std::ifstream in(keyFile.parent_path() / "order-key");
    std::string id, key;
    in >> id >> key;
    auto raw = fromBase64(key);
    if (id.empty() || !raw || raw->size() != 32)
        return {};
    return {{id, *raw}};
}

std::filesystem::path districtFile(const std::filesystem::path& keyFile) {
    return keyFile.parent_path() / "district";
}

std::string enrolledDistrict(const std::filesystem::path& keyFile) {
    std::ifstream in(districtFile(keyFile));
    std::string district;
    std::getline(in, district);
    return district;
}

CentralLink::CentralLink(QueueEngine& engine, std::string hallId, CentralEndpoint central,
                         DeviceKey key, const Clock& clock)
    : engine_(engine),
      hallId_(std::move(hallId)),
      central_(std::move(central)),
      key_(std::move(key)),
      clock_(clock) {}

CentralLink::~CentralLink() {
    stop();
}

Result<CentralAnswer> CentralLink::postSigned(const std::string& path, const std::string& body) {
    Result<CentralAnswer> answer = fail("sync.unreachable", "not sent");
    for (int attempt = 0; attempt < 2; ++attempt) {
        answer = postToCentral(central_, path, body, &key_,
                               toUnixMillis(clock_.now()) + clockOffsetMs_.load());
        if (!answer)
            return answer;
        const bool skewed =
            answer->status == 401 && answer->body.find("\"auth.clock_skew\"") != std::string::npos;
        noteTime(*answer);
        // A clock that was off is right now (from the refusal's time): sign once more.
        if (!skewed)
            break;
    }
    return answer;
}

void CentralLink::noteTime(const CentralAnswer& answer) {
    // The central's clock, from every answer, even a refusal: a terminal whose clock is wrong
    // signs its next request with the right time.
    if (answer.serverTimeMs <= 0)
        return;
    if (hallClock_) {
        const auto before = hallClock_->machineOffsetMs();
        hallClock_->setReference(answer.serverTimeMs);
        const auto offset = hallClock_->machineOffsetMs().value_or(0);
        if (!before && std::llabs(offset) > 60'000) {
            std::fprintf(stderr,
                         "kiosk: this machine's clock is %lld s off the central service's; the "
                         "hall keeps the central's time (set the clock, or NTP)\n",
                         static_cast<long long>(offset / 1000));
        }
    }
    // After the hall's clock took the central's time (when it is the one signing), so the
    // correction is not applied twice.
    clockOffsetMs_ = answer.serverTimeMs - toUnixMillis(clock_.now());
}

Result<sync::UploadAck> CentralLink::send(const std::vector<OutboxEvent>& events) {
    sync::TerminalStatus status;
    status.software = std::string("kiosk ") + HALL_VERSION;
    if (software_) {
        status.update = software_();
        status.software = "kiosk " + status.update.running;
    }
    if (auto catalog = engine_.proofCatalog())
        status.catalogVersion = catalog->version;
    if (auto backlog = engine_.outboxBacklog())
        status.backlog = std::max<int64_t>(0, *backlog - static_cast<int64_t>(events.size()));
    {
        std::lock_guard lock(mutex_);
        status.lastError = status_.lastError;
        status.bundleError = status_.bundleError;
    }
    if (bundles_) {
        for (auto kind : sync::kBundleKinds) {
            if (const int64_t v = bundles_->versionInForce(kind))
                status.bundles[std::string(sync::bundleKindCode(kind))] = v;
        }
    }
    const std::string body = dumpJson(sync::uploadJson({hallId_, events, status, {}}));
    auto answer = postSigned(sync::kPathEvents, body);
    if (!answer)
        return answer.error();
    {
        std::lock_guard lock(mutex_);
        retryAfter_ = answer->retryAfter;
    }
    if (auto ok = checkAnswer(*answer, sync::kPathEvents); !ok)
        return ok.error();
    auto ack = sync::parseAck(answer->body);
    if (!ack)
        return ack.error();
    // An acknowledgement of something not sent would delete events the central never had.
    if (!events.empty() && ack->ackedThrough != events.back().seq) {
        return fail("sync.bad_answer", "the central acknowledged up to " +
                                           std::to_string(ack->ackedThrough) + ", not the " +
                                           std::to_string(events.back().seq) + " sent");
    }
    if (ack->rejected > 0) {
        // Sending them again would not change them: they stay acknowledged, and maintainers
        // see the reason with this terminal.
        std::fprintf(stderr, "kiosk: the central service refused %lld event(s): %s\n",
                     static_cast<long long>(ack->rejected), ack->firstRejection.c_str());
    }
    return ack;
}

Result<sync::UploadAck> CentralLink::uploadOnce() {
    auto batch = engine_.outboxBatch(sync::kMaxBatchEvents);
    if (!batch)
        return batch.error();
    // Nothing to send still says how the terminal is: a quiet hall shows as alive, with the
    // bundles it has in force.
    auto ack = send(*batch);
    if (!ack)
        return ack.error();
    if (!batch->empty()) {
        if (auto r = engine_.acknowledgeOutbox(ack->ackedThrough); !r)
            return r.error();
    }
    std::lock_guard lock(mutex_);
    status_.uploaded += static_cast<int64_t>(batch->size());
    status_.lastSuccessMs = toUnixMillis(clock_.now());
    return ack;
}

void CentralLink::takeBundles(sync::BundleStore* store, sync::BundleStore::Validator validate,
                              std::function<void(sync::BundleKind)> applied,
                              std::chrono::seconds interval) {
    bundles_ = store;
    bundleInterval_ = interval;
    validate_ = std::move(validate);
    applied_ = std::move(applied);
}

Result<int> CentralLink::fetchBundlesOnce() {
    if (!bundles_)
        return 0;
    sync::BundleRequest request{hallId_, {}};
    for (auto kind : sync::kBundleKinds)
        request.have[std::string(sync::bundleKindCode(kind))] = bundles_->versionInForce(kind);
    auto answer = postSigned(sync::kPathBundles, dumpJson(sync::bundleRequestJson(request)));
    if (!answer)
        return answer.error();
    if (auto ok = checkAnswer(*answer, sync::kPathBundles); !ok)
        return ok.error();
    auto offered = sync::parseBundleAnswer(answer->body);
    if (!offered)
        return offered.error();
    int applied = 0;
    std::string refused;
    for (const auto& text : *offered) {
        auto outcome = bundles_->offer(text, validate_);
        if (!outcome) {
            // The bundle in force stays; maintainers see why with this terminal's next upload.
            std::fprintf(stderr, "kiosk: refused a bundle from the central service: %s\n",
                         outcome.message().c_str());
            refused = outcome.message();
            continue;
        }
        if (outcome->outcome != sync::BundleStore::Outcome::Applied)
            continue;
        ++applied;
        std::fprintf(stderr, "kiosk: %s bundle version %lld is in force\n",
                     std::string(sync::bundleKindCode(outcome->kind)).c_str(),
                     static_cast<long long>(outcome->version));
        if (applied_)
            applied_(outcome->kind);
    }
    if (!refused.empty() || applied > 0) {
        std::lock_guard lock(mutex_);
        status_.bundleError = refused;
    }
    return applied;
}

void CentralLink::start() {
    stop();
    {
        std::lock_guard lock(mutex_);
        stopping_ = false;
    }
    thread_ = std::thread([this] { run(); });
}

void CentralLink::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wakeup_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void CentralLink::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wakeup_.notify_all();
}

CentralLink::Status CentralLink::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

void CentralLink::run() {
    std::mt19937_64 random(std::random_device{}());
    int failures = 0;
    auto nextFetch = std::chrono::steady_clock::now();
    while (true) {
        auto ack = uploadOnce();
        // Bundles only while the central answers, and not on every wake-up (each ticket wakes).
        if (ack && bundles_ && std::chrono::steady_clock::now() >= nextFetch) {
            if (auto fetched = fetchBundlesOnce(); !fetched) {
                std::fprintf(stderr, "kiosk: fetching bundles from the central service: %s\n",
                             fetched.message().c_str());
            }
            nextFetch = std::chrono::steady_clock::now() + bundleInterval_;
        }
        std::chrono::milliseconds wait =
            std::chrono::duration_cast<std::chrono::milliseconds>(kPollInterval);
        if (!ack) {
            ++failures;
            std::chrono::milliseconds asked{0};
            {
                std::lock_guard lock(mutex_);
                asked = retryAfter_;
            }
            wait = sync::retryDelay(failures, random, asked);
            std::fprintf(stderr, "kiosk: upload to the central service: %s (again in %lld s)\n",
                         ack.message().c_str(), static_cast<long long>(wait.count() / 1000));
            std::lock_guard lock(mutex_);
            status_.lastError = ack.message();
            status_.failures = failures;
        } else {
            failures = 0;
            {
                std::lock_guard lock(mutex_);
                status_.lastError.clear();
                status_.failures = 0;
            }
            // A full batch means more are waiting: go on at once.
            if (ack->ackedThrough != 0 &&
                ack->applied + ack->duplicates >= static_cast<int64_t>(sync::kMaxBatchEvents))
                wait = std::chrono::milliseconds(0);
        }
        if (ack && bundles_) {
            const auto untilFetch = std::chrono::duration_cast<std::chrono::milliseconds>(
                nextFetch - std::chrono::steady_clock::now());
            wait = std::max(std::chrono::milliseconds(0), std::min(wait, untilFetch));
        }
        std::unique_lock lock(mutex_);
        wakeup_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
        if (stopping_)
            return;
        woken_ = false;
    }
}

}  // namespace hall

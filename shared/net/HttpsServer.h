#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "Result.h"

struct MHD_Daemon;
struct MHD_Connection;

namespace hall::net {

struct ServerCallbacks;

// A request as the services see it: complete, within the limits, its body read.
struct HttpRequest {
    std::string method;
    std::string path;    // without the query
    std::string target;  // the path and query exactly as sent (request signatures cover it)
    std::vector<std::pair<std::string, std::string>> headers;
    std::vector<std::pair<std::string, std::string>> query;  // decoded
    std::string body;
    std::string peer;  // the client's address, without the port

    // A header's value ("" when absent); names compare without case.
    std::string header(std::string_view name) const;
    std::optional<std::string> param(std::string_view name) const;
};

struct HttpResponse {
    int status = 200;
    std::string body;
    std::string contentType = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
};

// An answer that waits (a long-poll): `poll` is asked again whenever the server is woken and
// once more at `deadline` (with timedOut), until it gives a response. While it waits, the
// connection holds no thread.
struct DeferredResponse {
    std::chrono::steady_clock::time_point deadline;
    std::function<std::optional<HttpResponse>(bool timedOut)> poll;
};

using Answer = std::variant<HttpResponse, DeferredResponse>;

// What one client may cost the server. An attacker without a key can open connections and send
// bytes slowly; each connection then costs a little memory and no thread, and these bound how
// many there are and how much each may hold.
struct ServerLimits {
    size_t maxBodyBytes = 16 * 1024;         // chunked bodies too: counted as they arrive
    size_t maxHeaderBytes = 16 * 1024;       // request line and headers together
    unsigned maxHeaders = 64;                // header lines
    unsigned maxConnections = 1024;          // all clients together
    unsigned maxConnectionsPerPeer = 256;    // one address
    unsigned idleTimeoutSeconds = 15;        // a connection that sends nothing is closed
    unsigned threads = 4;                    // event loops; handlers run on them
    size_t maxBufferedBodyBytes = 64 << 20;  // bodies being received, all clients together
};

// The files of the server's TLS identity (PEM).
struct TlsIdentity {
    std::string certificatePath;
    std::string privateKeyPath;
};

// HTTPS for the hall LAN API and the central service, on GNU libmicrohttpd: event-driven, so a
// slow or idle client holds no thread (cpp-httplib 0.11 gives each connection a thread for as
// long as it sends, and cannot limit header count or chunked bodies). TLS 1.2 and 1.3 with
// AEAD ciphers and forward secrecy only. Every refusal the server makes itself (too large, too
// many headers, a handler that failed) is JSON, {"error": {"code", "message"}}, and never
// carries internals.
class HttpsServer {
  public:
    using Handler = std::function<Answer(const HttpRequest&)>;
    // Sees a request's line and headers before its body is read; a response refuses it there
    // (say, a client that has failed too often), so a refused client's body is never buffered.
    using Admission = std::function<std::optional<HttpResponse>(const HttpRequest&)>;
    using Observer = std::function<void(const HttpRequest&, const HttpResponse&)>;

    HttpsServer(TlsIdentity tls, ServerLimits limits);
    ~HttpsServer();
    HttpsServer(const HttpsServer&) = delete;
    HttpsServer& operator=(const HttpsServer&) = delete;

    // Routes are set before start(). `maxBodyBytes` 0 takes the server's limit.
    void route(std::string method, std::string path, Handler handler, size_t maxBodyBytes = 0);
    void admit(Admission admission) { admission_ = std::move(admission); }
    // Called with every answer before it is sent (a header every answer carries).
    void decorate(std::function<void(HttpResponse&)> decorator) {
        decorator_ = std::move(decorator);
    }
    // Every exchange, refusals included (a traffic log).
    void observe(Observer observer) { observer_ = std::move(observer); }

    // Binds `address` (IPv4 or IPv6 text) and `port` (0: any free port) and serves.
    Result<int> start(const std::string& address, int port);
    void stop();
    int port() const { return port_; }
    // Something changed: waiting answers are asked again.
    void wake();
    // Answers waiting now (tests, and the limit per device is the caller's).
    size_t waitingCount() const;

    // A JSON error answer as every service here gives them.
    static HttpResponse error(int status, const std::string& code, const std::string& message);

  private:
    struct Exchange;
    struct Route {
        Handler handler;
        size_t maxBodyBytes;
    };
    struct Parked {
        MHD_Connection* connection;
        Exchange* exchange;
        DeferredResponse deferred;
    };

    // libmicrohttpd's callbacks, in the .cpp.
    friend struct ServerCallbacks;

    bool handle(MHD_Connection* connection, Exchange& x, const char* upload, size_t* uploadSize);
    bool firstLook(MHD_Connection* connection, Exchange& x);
    bool send(MHD_Connection* connection, Exchange& x, HttpResponse response);
    void park(MHD_Connection* connection, Exchange& x, DeferredResponse deferred);
    void runWaiter();
    void finish(Exchange& x);

    TlsIdentity tls_;
    ServerLimits limits_;
    std::map<std::pair<std::string, std::string>, Route> routes_;
    Admission admission_;
    std::function<void(HttpResponse&)> decorator_;
    Observer observer_;
    std::string certificatePem_;
    std::string keyPem_;
    MHD_Daemon* daemon_ = nullptr;
    int port_ = 0;
    std::atomic<size_t> buffered_{0};

    mutable std::mutex waitMutex_;
    std::condition_variable waitChanged_;
    std::list<Parked> parked_;
    bool woken_ = false;
    bool stopping_ = false;
    std::thread waiter_;
};

}  // namespace hall::net

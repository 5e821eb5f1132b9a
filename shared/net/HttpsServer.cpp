#include "net/HttpsServer.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace hall::net {

namespace {

// TLS 1.2 and 1.3 with ephemeral ECDH and AEAD ciphers only: no CBC, no SHA-1 MAC, no RSA key
// exchange (GnuTLS priority syntax).
constexpr const char* kTlsPriorities =
    "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:"
    "+CHACHA20-POLY1305:-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:-SIGN-RSA-SHA1:"
    "-SIGN-ECDSA-SHA1";

bool equalsNoCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

Result<std::string> readPem(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail("https.tls", path + ": cannot read the " + std::string(what));
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find("-----BEGIN") == std::string::npos)
        return fail("https.tls", path + ": the " + std::string(what) + " is not PEM");
    return text.str();
}

MHD_Result collect(void* out, MHD_ValueKind, const char* key, const char* value) {
    static_cast<std::vector<std::pair<std::string, std::string>>*>(out)->emplace_back(
        key ? key : "", value ? value : "");
    return MHD_YES;
}

std::string peerOf(MHD_Connection* connection) {
    const MHD_ConnectionInfo* info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr)
        return {};
    char text[INET6_ADDRSTRLEN] = {};
    const sockaddr* a = info->client_addr;
    if (a->sa_family == AF_INET) {
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(a)->sin_addr, text, sizeof text);
    } else if (a->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(a)->sin6_addr, text,
                  sizeof text);
    }
    return text;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string percentDecoded(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out.push_back(' ');
        } else if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
                   hexValue(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

// The query of a request target, decoded here rather than by libmicrohttpd, which hands values
// over as C strings: "%00" would cut a value short instead of making it fail its check.
std::vector<std::pair<std::string, std::string>> queryOf(std::string_view target) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto q = target.find('?');
    if (q == std::string_view::npos)
        return out;
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view part = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (part.empty())
            continue;
        const auto eq = part.find('=');
        out.emplace_back(
            percentDecoded(part.substr(0, eq)),
            eq == std::string_view::npos ? std::string() : percentDecoded(part.substr(eq + 1)));
    }
    return out;
}

}  // namespace

std::string HttpRequest::header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (equalsNoCase(k, name))
            return v;
    }
    return {};
}

std::optional<std::string> HttpRequest::param(std::string_view name) const {
    for (const auto& [k, v] : query) {
        if (k == name)
            return v;
    }
    return std::nullopt;
}

struct HttpsServer::Exchange {
    HttpRequest request;
    bool looked = false;  // line and headers seen
    bool answered = false;
    bool parked = false;
    const Route* route = nullptr;
    size_t counted = 0;                 // body bytes counted in the server's buffered total
    std::optional<HttpResponse> ready;  // a waiting answer, now given
};

// libmicrohttpd calls these on its own threads.
struct ServerCallbacks {
    static void* onUri(void* self, const char* uri, MHD_Connection* connection) {
        auto* x = new HttpsServer::Exchange;
        x->request.target = uri ? uri : "";
        x->request.peer = peerOf(connection);
        (void)self;
        return x;
    }

    static MHD_Result onRequest(void* self, MHD_Connection* connection, const char* url,
                                const char* method, const char*, const char* upload,
                                size_t* uploadSize, void** context) {
        auto* server = static_cast<HttpsServer*>(self);
        auto* x = static_cast<HttpsServer::Exchange*>(*context);
        if (!x) {
            x = new HttpsServer::Exchange;
            *context = x;
        }
        if (!x->looked) {
            x->request.method = method ? method : "";
            x->request.path = url ? url : "";
            return server->firstLook(connection, *x) ? MHD_YES : MHD_NO;
        }
        return server->handle(connection, *x, upload, uploadSize) ? MHD_YES : MHD_NO;
    }

    // Small requests and answers: without this, Nagle's algorithm and delayed ACKs add
    // milliseconds to each exchange on a kept-alive connection.
    static void onConnection(void*, MHD_Connection* connection, void**,
                             MHD_ConnectionNotificationCode code) {
        if (code != MHD_CONNECTION_NOTIFY_STARTED)
            return;
        const MHD_ConnectionInfo* info =
            MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!info)
            return;
        const int one = 1;
        setsockopt(info->connect_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }

    static void onCompleted(void* self, MHD_Connection*, void** context,
                            MHD_RequestTerminationCode) {
        auto* x = static_cast<HttpsServer::Exchange*>(*context);
        if (!x)
            return;
        static_cast<HttpsServer*>(self)->finish(*x);
        delete x;
        *context = nullptr;
    }
};

HttpsServer::HttpsServer(TlsIdentity tls, ServerLimits limits)
    : tls_(std::move(tls)), limits_(limits) {}

HttpsServer::~HttpsServer() {
    stop();
}

void HttpsServer::route(std::string method, std::string path, Handler handler,
                        size_t maxBodyBytes) {
    routes_[{std::move(method), std::move(path)}] =
        Route{std::move(handler), maxBodyBytes ? maxBodyBytes : limits_.maxBodyBytes};
}

HttpResponse HttpsServer::error(int status, const std::string& code, const std::string& message) {
    const nlohmann::json body{{"error", {{"code", code}, {"message", message}}}};
    return HttpResponse{status,
                        body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                        "application/json",
                        {}};
}

Result<int> HttpsServer::start(const std::string& address, int port) {
    auto certificate = readPem(tls_.certificatePath, "certificate");
    if (!certificate)
        return certificate.error();
    auto key = readPem(tls_.privateKeyPath, "private key");
    if (!key)
        return key.error();
    certificatePem_ = std::move(certificate).value();
    keyPem_ = std::move(key).value();

    sockaddr_in v4{};
    sockaddr_in6 v6{};
    const sockaddr* bindTo = nullptr;
    unsigned flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TLS | MHD_ALLOW_SUSPEND_RESUME;
    if (inet_pton(AF_INET, address.c_str(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(static_cast<uint16_t>(port));
        bindTo = reinterpret_cast<const sockaddr*>(&v4);
    } else if (inet_pton(AF_INET6, address.c_str(), &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(static_cast<uint16_t>(port));
        bindTo = reinterpret_cast<const sockaddr*>(&v6);
        flags |= MHD_USE_IPv6;
    } else {
        return fail("https.listen", "\"" + address + "\" is not an IPv4 or IPv6 address");
    }

    {
        std::lock_guard lock(waitMutex_);
        stopping_ = false;
    }
    waiter_ = std::thread([this] { runWaiter(); });

    using UriLogger = void* (*)(void*, const char*, MHD_Connection*);
    using Completed = void (*)(void*, MHD_Connection*, void**, MHD_RequestTerminationCode);
    using Connected = void (*)(void*, MHD_Connection*, void**, MHD_ConnectionNotificationCode);
    const MHD_OptionItem options[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(certificatePem_.c_str())},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(keyPem_.c_str())},
        {MHD_OPTION_HTTPS_PRIORITIES, 0, const_cast<char*>(kTlsPriorities)},
        {MHD_OPTION_SOCK_ADDR, 0, const_cast<sockaddr*>(bindTo)},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(limits_.maxHeaderBytes),
         nullptr},
        {MHD_OPTION_CONNECTION_LIMIT, static_cast<intptr_t>(limits_.maxConnections), nullptr},
        {MHD_OPTION_PER_IP_CONNECTION_LIMIT, static_cast<intptr_t>(limits_.maxConnectionsPerPeer),
         nullptr},
        {MHD_OPTION_CONNECTION_TIMEOUT, static_cast<intptr_t>(limits_.idleTimeoutSeconds), nullptr},
        {MHD_OPTION_THREAD_POOL_SIZE, static_cast<intptr_t>(limits_.threads), nullptr},
        {MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, nullptr},
        {MHD_OPTION_URI_LOG_CALLBACK,
         reinterpret_cast<intptr_t>(static_cast<UriLogger>(&ServerCallbacks::onUri)), this},
        {MHD_OPTION_NOTIFY_COMPLETED,
         reinterpret_cast<intptr_t>(static_cast<Completed>(&ServerCallbacks::onCompleted)), this},
        {MHD_OPTION_NOTIFY_CONNECTION,
         reinterpret_cast<intptr_t>(static_cast<Connected>(&ServerCallbacks::onConnection)), this},
        {MHD_OPTION_END, 0, nullptr}};
    daemon_ = MHD_start_daemon(flags, static_cast<uint16_t>(port), nullptr, nullptr,
                               &ServerCallbacks::onRequest, this, MHD_OPTION_ARRAY, options,
                               MHD_OPTION_END);
    if (!daemon_) {
        stop();
        return fail("https.listen", "cannot serve HTTPS on " + address + ":" +
                                        std::to_string(port) +
                                        " (the port is in use or not allowed, or the "
                                        "certificate " +
                                        tls_.certificatePath + " does not fit its key)");
    }
    const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
    port_ = info ? info->port : port;
    return port_;
}

void HttpsServer::stop() {
    {
        std::lock_guard lock(waitMutex_);
        stopping_ = true;
    }
    waitChanged_.notify_all();
    // The waiter answers every waiting request before it ends: libmicrohttpd cannot stop with a
    // connection suspended.
    if (waiter_.joinable())
        waiter_.join();
    if (daemon_) {
        MHD_stop_daemon(daemon_);
        daemon_ = nullptr;
    }
}

void HttpsServer::wake() {
    {
        std::lock_guard lock(waitMutex_);
        woken_ = true;
    }
    waitChanged_.notify_all();
}

size_t HttpsServer::waitingCount() const {
    std::lock_guard lock(waitMutex_);
    return parked_.size();
}

bool HttpsServer::firstLook(MHD_Connection* connection, Exchange& x) {
    x.looked = true;
    HttpRequest& req = x.request;
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &collect, &req.headers);
    req.query = queryOf(req.target);
    if (req.headers.size() > limits_.maxHeaders) {
        return send(connection, x,
                    error(431, "request.too_many_headers",
                          "a request may have at most " + std::to_string(limits_.maxHeaders) +
                              " header lines; this one has " + std::to_string(req.headers.size())));
    }
    const auto found = routes_.find({req.method, req.path});
    if (found == routes_.end()) {
        bool otherMethod = false;
        for (const auto& [key, r] : routes_)
            otherMethod = otherMethod || key.second == req.path;
        if (otherMethod) {
            return send(connection, x,
                        error(405, "request.bad_method",
                              req.method + " is not an operation on " + req.path));
        }
        return send(connection, x, error(404, "request.unknown_path", "no such API: " + req.path));
    }
    x.route = &found->second;
    const std::string length = req.header("Content-Length");
    if (!length.empty()) {
        const unsigned long long declared = std::strtoull(length.c_str(), nullptr, 10);
        if (declared > x.route->maxBodyBytes) {
            return send(connection, x,
                        error(413, "request.too_large",
                              "the request body is larger than " +
                                  std::to_string(x.route->maxBodyBytes) + " bytes"));
        }
    }
    if (admission_) {
        if (auto refusal = admission_(req))
            return send(connection, x, std::move(*refusal));
    }
    return true;
}

bool HttpsServer::handle(MHD_Connection* connection, Exchange& x, const char* upload,
                         size_t* uploadSize) {
    if (*uploadSize > 0) {
        const size_t n = *uploadSize;
        *uploadSize = 0;
        if (x.answered)
            return true;
        // A body over the limit (chunked, or longer than it said) ends the connection: HTTP/1.1
        // lets the server close rather than read the rest, and the rest may be a gigabyte.
        if (x.request.body.size() + n > x.route->maxBodyBytes)
            return false;
        if (buffered_.fetch_add(n) + n > limits_.maxBufferedBodyBytes) {
            buffered_ -= n;
            return false;
        }
        x.counted += n;
        x.request.body.append(upload, n);
        return true;
    }
    if (x.ready) {
        HttpResponse r = std::move(*x.ready);
        x.ready.reset();
        return send(connection, x, std::move(r));
    }
    if (x.answered || x.parked)
        return true;
    Answer answer;
    try {
        answer = x.route->handler(x.request);
    } catch (const std::exception& e) {
        // A bug: the client learns nothing of it, the log says where.
        std::fprintf(stderr, "https: %s %s failed: %s\n", x.request.method.c_str(),
                     x.request.path.c_str(), e.what());
        answer = error(500, "server.error", "the server could not handle this request");
    }
    if (auto* response = std::get_if<HttpResponse>(&answer))
        return send(connection, x, std::move(*response));
    park(connection, x, std::get<DeferredResponse>(std::move(answer)));
    return true;
}

bool HttpsServer::send(MHD_Connection* connection, Exchange& x, HttpResponse response) {
    x.answered = true;
    if (decorator_)
        decorator_(response);
    MHD_Response* r = MHD_create_response_from_buffer(response.body.size(), response.body.data(),
                                                      MHD_RESPMEM_MUST_COPY);
    if (!r)
        return false;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, response.contentType.c_str());
    for (const auto& [name, value] : response.headers)
        MHD_add_response_header(r, name.c_str(), value.c_str());
    const MHD_Result queued =
        MHD_queue_response(connection, static_cast<unsigned>(response.status), r);
    MHD_destroy_response(r);
    if (observer_)
        observer_(x.request, response);
    return queued == MHD_YES;
}

void HttpsServer::park(MHD_Connection* connection, Exchange& x, DeferredResponse deferred) {
    std::unique_lock lock(waitMutex_);
    if (stopping_) {
        lock.unlock();
        send(connection, x, error(503, "server.stopping", "the server is stopping; try again"));
        return;
    }
    x.parked = true;
    MHD_suspend_connection(connection);
    parked_.push_back(Parked{connection, &x, std::move(deferred)});
    // Asked once at once: what it waits for may have happened since the handler looked.
    woken_ = true;
    waitChanged_.notify_all();
}

void HttpsServer::runWaiter() {
    std::unique_lock lock(waitMutex_);
    while (true) {
        if (stopping_ && parked_.empty())
            return;
        auto next = std::chrono::steady_clock::time_point::max();
        for (const auto& p : parked_)
            next = std::min(next, p.deferred.deadline);
        if (!stopping_ && !woken_) {
            if (next == std::chrono::steady_clock::time_point::max())
                waitChanged_.wait(lock);
            else
                waitChanged_.wait_until(lock, next);
        }
        const bool woken = woken_;
        const bool stopping = stopping_;
        woken_ = false;
        const auto now = std::chrono::steady_clock::now();
        std::list<Parked> due;
        for (auto it = parked_.begin(); it != parked_.end();) {
            auto here = it++;
            if (woken || stopping || here->deferred.deadline <= now)
                due.splice(due.end(), parked_, here);
        }
        if (due.empty())
            continue;
        // Asked without the lock: an answer may take the queue's lock, and the queue wakes this
        // server while it holds it.
        lock.unlock();
        std::list<Parked> keep;
        while (!due.empty()) {
            Parked p = std::move(due.front());
            due.pop_front();
            std::optional<HttpResponse> r;
            if (stopping) {
                r = error(503, "server.stopping", "the server is stopping; try again");
            } else {
                const bool timedOut = p.deferred.deadline <= now;
                try {
                    r = p.deferred.poll(timedOut);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "https: a waiting answer failed: %s\n", e.what());
                    r = error(500, "server.error", "the server could not handle this request");
                }
                if (!r && timedOut)
                    r = error(504, "server.timeout", "nothing to answer in time");
            }
            if (!r) {
                keep.push_back(std::move(p));
                continue;
            }
            // Once resumed, the connection may answer, finish and free its exchange at once on
            // libmicrohttpd's thread: nothing of it is touched after this.
            p.exchange->ready = std::move(r);
            p.exchange->parked = false;
            MHD_resume_connection(p.connection);
        }
        lock.lock();
        parked_.splice(parked_.end(), keep);
    }
}

void HttpsServer::finish(Exchange& x) {
    buffered_ -= x.counted;
    x.counted = 0;
}

}  // namespace hall::net

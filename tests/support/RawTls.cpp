#include "support/RawTls.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace hall::test {

struct RawTls::Ssl {
    SSL_CTX* ctx = nullptr;
    SSL* ssl = nullptr;
    ~Ssl() {
        if (ssl)
            SSL_free(ssl);
        if (ctx)
            SSL_CTX_free(ctx);
    }
};

std::unique_ptr<RawTls> RawTls::connect(int port, const std::string& fromAddress) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return nullptr;
    std::unique_ptr<RawTls> c(new RawTls);
    c->fd_ = fd;
    sockaddr_in local{};
    local.sin_family = AF_INET;
    inet_pton(AF_INET, fromAddress.c_str(), &local.sin_addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0)
        return nullptr;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0)
        return nullptr;
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // A small send buffer: the test sees the server stop reading within a few hundred KiB.
    const int small = 64 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
    timeval tv{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return c;
}

RawTls::~RawTls() {
    ssl_.reset();
    if (fd_ >= 0)
        ::close(fd_);
}

bool RawTls::handshake(const std::string& ciphers, bool tls12Only) {
    ssl_ = std::make_unique<Ssl>();
    ssl_->ctx = SSL_CTX_new(TLS_client_method());
    if (!ssl_->ctx)
        return false;
    SSL_CTX_set_verify(ssl_->ctx, SSL_VERIFY_NONE, nullptr);
    if (tls12Only)
        SSL_CTX_set_max_proto_version(ssl_->ctx, TLS1_2_VERSION);
    if (!ciphers.empty() && SSL_CTX_set_cipher_list(ssl_->ctx, ciphers.c_str()) != 1)
        return false;
    ssl_->ssl = SSL_new(ssl_->ctx);
    SSL_set_fd(ssl_->ssl, fd_);
    SSL_set_tlsext_host_name(ssl_->ssl, "127.0.0.1");
    const bool ok = SSL_connect(ssl_->ssl) == 1;
    ERR_clear_error();
    return ok;
}

std::string RawTls::cipher() const {
    return ssl_ && ssl_->ssl ? SSL_get_cipher_name(ssl_->ssl) : "";
}

bool RawTls::send(const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        const int n = SSL_write(ssl_->ssl, bytes.data() + done,
                                static_cast<int>(std::min<size_t>(bytes.size() - done, 16384)));
        if (n <= 0) {
            ERR_clear_error();
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

std::string RawTls::receive(std::chrono::milliseconds timeout, size_t maxBytes) {
    std::string out;
    const auto until = std::chrono::steady_clock::now() + timeout;
    char buffer[16384];
    while (out.size() < maxBytes) {
        if (SSL_pending(ssl_->ssl) == 0) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                until - std::chrono::steady_clock::now());
            if (left.count() <= 0)
                break;
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
                break;
        }
        const int n = SSL_read(ssl_->ssl, buffer, sizeof buffer);
        if (n <= 0) {
            ERR_clear_error();
            break;
        }
        out.append(buffer, static_cast<size_t>(n));
    }
    return out;
}

std::optional<int> RawTls::statusOf(const std::string& answer) {
    if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12)
        return std::nullopt;
    return std::atoi(answer.substr(9, 3).c_str());
}

}  // namespace hall::test

#pragma once
// A TLS client that sends exactly the bytes a test gives it, as an attacker would: slowly, too
// many, malformed. The services' own clients never send such requests.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace hall::test {

class RawTls {
  public:
    // Connects to 127.0.0.1:`port` from `fromAddress` (any 127.x.y.z), without the handshake.
    static std::unique_ptr<RawTls> connect(int port, const std::string& fromAddress = "127.0.0.1");
    ~RawTls();
    RawTls(const RawTls&) = delete;
    RawTls& operator=(const RawTls&) = delete;

    // The TLS handshake, offering `ciphers` (OpenSSL names; empty: OpenSSL's default) and TLS 1.2
    // only when `tls12Only`. False when the server refuses or closes.
    bool handshake(const std::string& ciphers = {}, bool tls12Only = false);
    // The cipher the handshake chose.
    std::string cipher() const;
    // Sends all of `bytes`; false as soon as the server has closed or reset the connection.
    bool send(const std::string& bytes);
    // What the server sends within `timeout` until it closes (or `maxBytes`).
    std::string receive(std::chrono::milliseconds timeout, size_t maxBytes = 1 << 20);
    // The status of an HTTP answer received whole, or nullopt.
    static std::optional<int> statusOf(const std::string& answer);

  private:
    RawTls() = default;
    int fd_ = -1;
    struct Ssl;
    std::unique_ptr<Ssl> ssl_;
};

}  // namespace hall::test

#include "printer/PrinterQuery.h"

#include "printer/SimulatedPrinter.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace hall {

namespace {

// Every status byte has bit 1 and bit 4 set and bits 0 and 7 clear.
bool fixedBitsRight(uint8_t b) {
    return (b & 0x93) == 0x12;
}

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

Result<PrinterStatus> askOver(int fd, const std::string& what, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    size_t sent = 0;
    while (sent < sizeof kStatusQuery) {
        const ssize_t n = ::write(fd, kStatusQuery + sent, sizeof kStatusQuery - sent);
        if (n > 0) {
            sent += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return fail("printer.unreachable",
                        what + ": cannot ask for its status: " + std::strerror(errno));
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, 50) < 0 && errno != EINTR)
            return fail("printer.unreachable", what + ": " + std::strerror(errno));
        if (std::chrono::steady_clock::now() > until)
            return fail("printer.no_answer", what + " took no status request within the time");
    }
    uint8_t bytes[4];
    size_t got = 0;
    while (got < sizeof bytes) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return fail("printer.no_answer",
                        what + " did not answer its status (" + std::to_string(got) +
                            " of 4 bytes): off, unplugged, or not an ESC/POS printer");
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
            continue;
        const ssize_t n = ::read(fd, bytes + got, sizeof bytes - got);
        if (n > 0)
            got += static_cast<size_t>(n);
        else if (n == 0 || (errno != EAGAIN && errno != EINTR))
            return fail("printer.no_answer", what + " closed before it answered its status");
    }
    auto status = decodePrinterStatus(bytes);
    if (!status)
        return fail("printer.bad_answer", what + ": " + status.message());
    return status;
}

}  // namespace

Result<PrinterStatus> decodePrinterStatus(const uint8_t bytes[4]) {
    for (int i = 0; i < 4; ++i) {
        if (!fixedBitsRight(bytes[i])) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", bytes[i]);
            return fail("printer.bad_answer", "status byte " + std::to_string(i + 1) + " is " +
                                                  hex + ", not an ESC/POS status byte");
        }
    }
    PrinterStatus s;
    s.online = !(bytes[0] & 0x08);
    s.coverOpen = bytes[1] & 0x04;
    s.paperOut = (bytes[1] & 0x20) || (bytes[3] & 0x60);
    s.otherError = (bytes[1] & 0x40) && !(bytes[2] & 0x08);
    s.cutterError = bytes[2] & 0x08;
    s.paperNearEnd = bytes[3] & 0x0C;
    return s;
}

Result<PrinterStatus> queryPrinterStatus(const PrinterConfig& config,
                                         std::chrono::milliseconds timeout) {
    switch (config.kind) {
        case PrinterConfig::Kind::None:
            return fail("printer.none", "no printer is configured ([printer] kind = \"none\")");
        case PrinterConfig::Kind::File:
            return fail("printer.status_unavailable",
                        "printing to the file " + config.path.string() + ": a file has no status");
        case PrinterConfig::Kind::Simulated:
            return SimulatedPrinter(config.simulatedFault, config.simulatedFaultFile).status();
        case PrinterConfig::Kind::Device: {
            Fd fd(::open(config.path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
            if (fd.get() < 0) {
                return fail(
                    "printer.unreachable",
                    config.path.string() + ": cannot open the printer: " + std::strerror(errno));
            }
            return askOver(fd.get(), config.path.string(), timeout);
        }
        case PrinterConfig::Kind::Tcp: {
            const std::string where = config.host + ":" + std::to_string(config.port);
            addrinfo hints{};
            hints.ai_socktype = SOCK_STREAM;
            addrinfo* found = nullptr;
            if (getaddrinfo(config.host.c_str(), std::to_string(config.port).c_str(), &hints,
                            &found) != 0 ||
                !found)
                return fail("printer.unreachable", where + ": the host is not known");
            std::unique_ptr<addrinfo, void (*)(addrinfo*)> guard(found, freeaddrinfo);
            Fd fd(::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
            if (fd.get() < 0 || ::connect(fd.get(), found->ai_addr, found->ai_addrlen) != 0) {
                return fail("printer.unreachable",
                            where + ": cannot connect: " + std::strerror(errno));
            }
            return askOver(fd.get(), where, timeout);
        }
    }
    return fail("printer.none", "unknown printer kind");
}

}  // namespace hall

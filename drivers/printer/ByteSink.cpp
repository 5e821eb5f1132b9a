#include "printer/ByteSink.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hall {

namespace {

using Clock = std::chrono::steady_clock;

int remainingMs(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

// Writes everything to a non-blocking fd, waiting for it to drain until the deadline.
Result<void> writeAll(int fd, const std::vector<uint8_t>& bytes, Clock::time_point deadline,
                      const std::string& name) {
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n > 0) {
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            return fail(name + ": write failed: " + std::strerror(errno));
        }
        pollfd p{fd, POLLOUT, 0};
        const int ms = remainingMs(deadline);
        if (ms == 0 || ::poll(&p, 1, ms) == 0) {
            return fail(name +
                        ": the printer took no data for too long (offline, out of paper "
                        "or jammed?); " +
                        std::to_string(done) + " of " + std::to_string(bytes.size()) +
                        " bytes sent");
        }
        if (p.revents & (POLLERR | POLLHUP))
            return fail(name + ": the printer closed the connection");
    }
    return {};
}

class FileSink final : public ByteSink {
  public:
    explicit FileSink(std::filesystem::path path) : path_(std::move(path)) {}
    Result<void> write(const std::vector<uint8_t>& bytes) override {
        // A slip may carry a resident's request: only the terminal's own user reads the file.
        const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0)
            return fail(path_.string() + ": cannot open for printing: " + std::strerror(errno));
        auto r = writeAll(fd, bytes, Clock::now() + std::chrono::seconds(5), path_.string());
        ::close(fd);
        return r;
    }
    std::string describe() const override { return "file " + path_.string(); }

  private:
    std::filesystem::path path_;
};

class DeviceSink final : public ByteSink {
  public:
    DeviceSink(std::filesystem::path path, std::chrono::milliseconds timeout)
        : path_(std::move(path)), timeout_(timeout) {}
    Result<void> write(const std::vector<uint8_t>& bytes) override {
        const int fd = ::open(path_.c_str(), O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            const int err = errno;
            if (err == ENOENT || err == ENODEV || err == ENXIO) {
                return fail(path_.string() +
                            ": printer not found; check that it is plugged in and switched on");
            }
            if (err == EACCES) {
                return fail(path_.string() +
                            ": no permission to use the printer; add the kiosk "
                            "user to the group that owns it (often lp)");
            }
            return fail(path_.string() + ": cannot open the printer: " + std::strerror(err));
        }
        auto r = writeAll(fd, bytes, Clock::now() + timeout_, path_.string());
        ::close(fd);
        return r;
    }
    std::string describe() const override { return "device " + path_.string(); }

  private:
    std::filesystem::path path_;
    std::chrono::milliseconds timeout_;
};

class TcpSink final : public ByteSink {
  public:
    TcpSink(std::string host, int port, std::chrono::milliseconds timeout)
        : host_(std::move(host)), port_(port), timeout_(timeout) {}

    Result<void> write(const std::vector<uint8_t>& bytes) override {
        const std::string name = describe();
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        const std::string port = std::to_string(port_);
        if (const int rc = getaddrinfo(host_.c_str(), port.c_str(), &hints, &found); rc != 0) {
            return fail(name + ": cannot resolve the printer's address: " + gai_strerror(rc));
        }
        const auto deadline = Clock::now() + timeout_;
        std::string lastError = "no address";
        Result<void> result = fail(name + ": cannot connect");
        for (addrinfo* a = found; a; a = a->ai_next) {
            const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                                    a->ai_protocol);
            if (fd < 0)
                continue;
            if (auto c = connectWithin(fd, a, deadline, name); !c) {
                lastError = c.message();
                ::close(fd);
                continue;
            }
            result = writeAll(fd, bytes, deadline, name);
            ::shutdown(fd, SHUT_WR);
            ::close(fd);
            freeaddrinfo(found);
            return result;
        }
        freeaddrinfo(found);
        return fail(lastError);
    }
    std::string describe() const override { return "tcp " + host_ + ":" + std::to_string(port_); }

  private:
    static Result<void> connectWithin(int fd, const addrinfo* a, Clock::time_point deadline,
                                      const std::string& name) {
        if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0)
            return {};
        if (errno != EINPROGRESS) {
            return fail(name + ": cannot connect to the printer: " + std::strerror(errno));
        }
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, remainingMs(deadline)) <= 0) {
            return fail(name + ": the printer did not answer in time; is it switched on?");
        }
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0)
            return fail(name + ": cannot connect to the printer: " + std::strerror(err));
        return {};
    }

    std::string host_;
    int port_;
    std::chrono::milliseconds timeout_;
};

}  // namespace

std::unique_ptr<ByteSink> makeFileSink(std::filesystem::path path) {
    return std::make_unique<FileSink>(std::move(path));
}

std::unique_ptr<ByteSink> makeDeviceSink(std::filesystem::path path,
                                         std::chrono::milliseconds timeout) {
    return std::make_unique<DeviceSink>(std::move(path), timeout);
}

std::unique_ptr<ByteSink> makeTcpSink(std::string host, int port,
                                      std::chrono::milliseconds timeout) {
    return std::make_unique<TcpSink>(std::move(host), port, timeout);
}

}  // namespace hall

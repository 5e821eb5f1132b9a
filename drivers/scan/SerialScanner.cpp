#include "scan/SerialScanner.h"

#include <fcntl.h>
#include <poll.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace hall {

namespace {

speed_t speedOf(int baud) {
    switch (baud) {
        case 9600:
            return B9600;
        case 19200:
            return B19200;
        case 38400:
            return B38400;
        case 57600:
            return B57600;
        case 115200:
            return B115200;
        default:
            return 0;
    }
}

// Raw bytes in, nothing echoed or translated: a scanner is not a terminal.
bool configure(int fd, int baud) {
    termios t{};
    if (tcgetattr(fd, &t) != 0)
        return false;
    cfmakeraw(&t);
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | PARENB);
    cfsetispeed(&t, speedOf(baud));
    cfsetospeed(&t, speedOf(baud));
    return tcsetattr(fd, TCSANOW, &t) == 0;
}

}  // namespace

SerialScanner::SerialScanner(std::filesystem::path device, int baud,
                             LineFramer::Terminator terminator)
    : device_(std::move(device)), baud_(baud), terminator_(terminator) {}

SerialScanner::~SerialScanner() {
    stop();
}

bool SerialScanner::supportedBaud(int baud) {
    return speedOf(baud) != 0;
}

std::string SerialScanner::describe() const {
    return "serial " + device_.string() + " " + std::to_string(baud_) + " baud";
}

void SerialScanner::start(Listener listener) {
    stop();
    stopping_ = false;
    thread_ = std::thread([this, listener = std::move(listener)] { run(listener); });
}

void SerialScanner::stop() {
    stopping_ = true;
    if (thread_.joinable())
        thread_.join();
}

void SerialScanner::run(Listener emit) {
    LineFramer framer(terminator_);
    bool reportedAbsent = false;
    while (!stopping_) {
        const int fd = ::open(device_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0 || !configure(fd, baud_)) {
            const std::string why = std::strerror(errno);
            if (fd >= 0)
                ::close(fd);
            if (!reportedAbsent) {
                emit({ScanEvent::Kind::Disconnected, describe() + ": " + why});
                reportedAbsent = true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            continue;
        }
        reportedAbsent = false;
        emit({ScanEvent::Kind::Connected, describe()});
        std::string failure;
        while (!stopping_) {
            pollfd p{fd, POLLIN, 0};
            const int ready = ::poll(&p, 1, 200);
            if (ready < 0 && errno == EINTR)
                continue;
            if (ready < 0 || (p.revents & (POLLERR | POLLNVAL))) {
                failure = ready < 0 ? std::strerror(errno) : "device error";
                break;
            }
            if (ready == 0)
                continue;
            char buf[512];
            const ssize_t n = ::read(fd, buf, sizeof buf);
            if (n > 0) {
                framer.feed(std::string_view(buf, static_cast<size_t>(n)), emit);
                sodium_memzero(buf, sizeof buf);
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                // EOF or EIO: the device went away (a pty's other end closed, USB unplugged).
                failure = n == 0 ? "the device closed" : std::strerror(errno);
                break;
            }
        }
        ::close(fd);
        framer.reset();
        if (!stopping_) {
            emit({ScanEvent::Kind::Disconnected, describe() + ": " + failure});
            reportedAbsent = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
    }
}

}  // namespace hall

#include "scan/HidScanner.h"

#include <fcntl.h>
#include <libevdev/libevdev.h>
#include <poll.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

namespace hall {

char usKeyChar(unsigned code, bool shift) {
    static const char* kDigits = "1234567890";
    static const char* kShiftDigits = "!@#$%^&*()";
    if (code >= KEY_1 && code <= KEY_0)
        return (shift ? kShiftDigits : kDigits)[code - KEY_1];
    struct Row {
        unsigned first;
        const char* plain;
        const char* shifted;
    };
    static const Row kRows[] = {{KEY_Q, "qwertyuiop[]", "QWERTYUIOP{}"},
                                {KEY_A, "asdfghjkl;'`", "ASDFGHJKL:\"~"},
                                {KEY_BACKSLASH, "\\zxcvbnm,./", "|ZXCVBNM<>?"}};
    for (const Row& r : kRows) {
        const size_t n = std::strlen(r.plain);
        if (code >= r.first && code < r.first + n)
            return (shift ? r.shifted : r.plain)[code - r.first];
    }
    switch (code) {
        case KEY_MINUS:
            return shift ? '_' : '-';
        case KEY_EQUAL:
            return shift ? '+' : '=';
        case KEY_SPACE:
            return ' ';
        default:
            return 0;
    }
}

HidScanner::HidScanner(std::string nameContains, std::string inputDir)
    : nameContains_(std::move(nameContains)), inputDir_(std::move(inputDir)) {}

HidScanner::~HidScanner() {
    stop();
}

std::string HidScanner::describe() const {
    return "hid \"" + nameContains_ + "\"";
}

void HidScanner::start(Listener listener) {
    stop();
    stopping_ = false;
    thread_ = std::thread([this, listener = std::move(listener)] { run(listener); });
}

void HidScanner::stop() {
    stopping_ = true;
    if (thread_.joinable())
        thread_.join();
}

std::string HidScanner::findDevice() const {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(inputDir_, ec)) {
        const std::string path = entry.path().string();
        if (entry.path().filename().string().rfind("event", 0) != 0)
            continue;
        const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        libevdev* dev = nullptr;
        bool match = false;
        if (libevdev_new_from_fd(fd, &dev) == 0) {
            const char* name = libevdev_get_name(dev);
            match = name && std::string(name).find(nameContains_) != std::string::npos;
            libevdev_free(dev);
        }
        ::close(fd);
        if (match)
            return path;
    }
    return {};
}

void HidScanner::run(Listener emit) {
    bool reportedAbsent = false;
    while (!stopping_) {
        const std::string path = findDevice();
        const int fd = path.empty() ? -1 : ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        libevdev* dev = nullptr;
        if (fd < 0 || libevdev_new_from_fd(fd, &dev) != 0 ||
            libevdev_grab(dev, LIBEVDEV_GRAB) != 0) {
            const std::string why = path.empty() ? "no input device named like this"
                                                 : path + ": " + std::strerror(errno);
            if (dev)
                libevdev_free(dev);
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
        emit({ScanEvent::Kind::Connected, describe() + " at " + path});
        std::string pending;
        bool shift = false, overflowed = false;
        std::string failure;
        while (!stopping_ && failure.empty()) {
            pollfd p{fd, POLLIN, 0};
            const int ready = ::poll(&p, 1, 200);
            if (ready < 0 && errno == EINTR)
                continue;
            if (ready < 0 || (p.revents & (POLLERR | POLLHUP | POLLNVAL))) {
                failure = "the device went away";
                break;
            }
            if (ready == 0)
                continue;
            input_event ev{};
            int rc;
            while ((rc = libevdev_next_event(dev, LIBEVDEV_READ_FLAG_NORMAL, &ev)) ==
                   LIBEVDEV_READ_STATUS_SUCCESS) {
                if (ev.type != EV_KEY)
                    continue;
                if (ev.code == KEY_LEFTSHIFT || ev.code == KEY_RIGHTSHIFT) {
                    shift = ev.value != 0;
                } else if (ev.value == 1 && (ev.code == KEY_ENTER || ev.code == KEY_KPENTER)) {
                    if (overflowed)
                        emit({ScanEvent::Kind::Refused,
                              "a code longer than 4096 bytes was dropped"});
                    else if (!pending.empty())
                        emit({ScanEvent::Kind::Code, pending});
                    sodium_memzero(pending.data(), pending.size());
                    pending.clear();
                    overflowed = false;
                } else if (ev.value == 1) {
                    if (const char c = usKeyChar(ev.code, shift)) {
                        if (pending.size() >= kMaxCodeBytes) {
                            overflowed = true;
                            sodium_memzero(pending.data(), pending.size());
                            pending.clear();
                        }
                        pending.push_back(c);
                    }
                }
            }
            if (rc == -ENODEV)
                failure = "unplugged";
            else if (rc != -EAGAIN && rc != LIBEVDEV_READ_STATUS_SYNC && rc < 0)
                failure = std::strerror(-rc);
        }
        sodium_memzero(pending.data(), pending.size());
        libevdev_grab(dev, LIBEVDEV_UNGRAB);
        libevdev_free(dev);
        ::close(fd);
        if (!stopping_) {
            emit({ScanEvent::Kind::Disconnected, describe() + ": " + failure});
            reportedAbsent = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
    }
}

}  // namespace hall

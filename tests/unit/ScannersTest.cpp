// The scanner drivers on real devices: a serial scanner through a pseudo-terminal pair, the
// evdev path through uinput where the machine has it, the camera path on image files.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <libevdev/libevdev-uinput.h>
#include <libevdev/libevdev.h>
#include <pty.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "scan/CameraScanner.h"
#include "scan/HidScanner.h"
#include "scan/ImageFileSource.h"
#include "scan/SerialScanner.h"
#include "support/Subprocess.h"
#include "support/TempDir.h"

using namespace hall;
using namespace std::chrono_literals;

namespace {

// What a scanner reported, collected from its thread.
class Events {
  public:
    ScanSource::Listener listener() {
        return [this](ScanEvent e) {
            std::lock_guard lock(mutex_);
            events_.push_back(std::move(e));
            changed_.notify_all();
        };
    }
    // Waits until `n` events of `kind` have arrived; returns the text of the n-th.
    std::string waitFor(ScanEvent::Kind kind, size_t n = 1,
                        std::chrono::milliseconds timeout = 5s) {
        std::unique_lock lock(mutex_);
        std::string text;
        const bool ok = changed_.wait_for(lock, timeout, [&] {
            size_t seen = 0;
            for (const auto& e : events_) {
                if (e.kind == kind && ++seen == n) {
                    text = e.text;
                    return true;
                }
            }
            return false;
        });
        REQUIRE_MESSAGE(ok, "no event " << static_cast<int>(kind) << " #" << n << " in time");
        return text;
    }
    size_t count(ScanEvent::Kind kind) {
        std::lock_guard lock(mutex_);
        size_t n = 0;
        for (const auto& e : events_)
            n += e.kind == kind;
        return n;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<ScanEvent> events_;
};

struct Pty {
    int master = -1;
    std::string slave;
    Pty() {
        int slaveFd = -1;
        char name[128];
        REQUIRE(openpty(&master, &slaveFd, name, nullptr, nullptr) == 0);
        slave = name;
        // Only the scanner keeps the slave side open: when the master goes, it sees the
        // device vanish as with a scanner pulled out of its USB port.
        ::close(slaveFd);
    }
    void send(const std::string& bytes) const {
        REQUIRE(::write(master, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    }
    ~Pty() {
        if (master >= 0)
            ::close(master);
    }
};

}  // namespace

TEST_CASE("scanner bytes become codes at the configured terminator, oversized ones dropped") {
    std::vector<ScanEvent> got;
    auto keep = [&](ScanEvent e) { got.push_back(std::move(e)); };
    LineFramer crlf(LineFramer::Terminator::CrLf);
    crlf.feed("11010519491231", keep);
    crlf.feed("002X\r\nHALLTICKET:1:h:", keep);
    REQUIRE(got.size() == 1);
    CHECK(got[0].text == "11010519491231002X");
    crlf.feed("abc\r\n\r\n", keep);  // an empty line is nothing
    REQUIRE(got.size() == 2);
    CHECK(got[1].text == "HALLTICKET:1:h:abc");

    LineFramer cr(LineFramer::Terminator::Cr);
    cr.feed(std::string(5000, 'A') + "\rNEXT\r", keep);
    REQUIRE(got.size() == 4);
    CHECK(got[2].kind == ScanEvent::Kind::Refused);
    CHECK(got[3].text == "NEXT");

    LineFramer::Terminator t;
    CHECK(LineFramer::parseTerminator("tab", t));
    CHECK_FALSE(LineFramer::parseTerminator("semicolon", t));
}

TEST_CASE("a serial scanner is read through a pty, and works again after being replugged") {
    test::TempDir dir("serial-scanner");
    const auto link = dir / "ttyScanner";  // like /dev/serial/by-id/…: a stable name
    auto first = std::make_unique<Pty>();
    std::filesystem::create_symlink(first->slave, link);

    Events events;
    SerialScanner scanner(link, 9600, LineFramer::Terminator::CrLf);
    scanner.start(events.listener());
    events.waitFor(ScanEvent::Kind::Connected);
    first->send("11010519491231002X\r\n");
    CHECK(events.waitFor(ScanEvent::Kind::Code) == "11010519491231002X");

    // Pulled out: the device vanishes.
    first.reset();
    std::filesystem::remove(link);
    events.waitFor(ScanEvent::Kind::Disconnected);

    // Plugged back in (another device node behind the same stable name).
    Pty second;
    std::filesystem::create_symlink(second.slave, link);
    events.waitFor(ScanEvent::Kind::Connected, 2);
    second.send("HALLTICKET:1:demo:0123456789abcdef0123456789abcdef\r\n");
    CHECK(events.waitFor(ScanEvent::Kind::Code, 2) ==
          "HALLTICKET:1:demo:0123456789abcdef0123456789abcdef");
    scanner.stop();
}

TEST_CASE("keys of a US keyboard layout make the characters a scanner types") {
    CHECK(usKeyChar(KEY_1, false) == '1');
    CHECK(usKeyChar(KEY_0, false) == '0');
    CHECK(usKeyChar(KEY_X, true) == 'X');
    CHECK(usKeyChar(KEY_H, false) == 'h');
    CHECK(usKeyChar(KEY_SEMICOLON, true) == ':');
    CHECK(usKeyChar(KEY_DOT, false) == '.');
    CHECK(usKeyChar(KEY_MINUS, true) == '_');
    CHECK(usKeyChar(KEY_LEFTCTRL, false) == 0);
}

namespace {

// A keyboard-wedge scanner made with uinput: types `text` and Enter.
struct VirtualScanner {
    libevdev* dev = nullptr;
    libevdev_uinput* ui = nullptr;
    bool create() {
        dev = libevdev_new();
        libevdev_set_name(dev, "Hall Test Wedge Scanner");
        libevdev_enable_event_type(dev, EV_KEY);
        for (unsigned k = KEY_ESC; k <= KEY_KPDOT; ++k)
            libevdev_enable_event_code(dev, EV_KEY, k, nullptr);
        return libevdev_uinput_create_from_device(dev, LIBEVDEV_UINPUT_OPEN_MANAGED, &ui) == 0;
    }
    void key(unsigned code, int value) {
        libevdev_uinput_write_event(ui, EV_KEY, code, value);
        libevdev_uinput_write_event(ui, EV_SYN, SYN_REPORT, 0);
    }
    void type(const std::string& digits) {
        for (char c : digits) {
            const unsigned code = c == 'X' ? KEY_X : c == '0' ? KEY_0 : KEY_1 + (c - '1');
            if (c == 'X')
                key(KEY_LEFTSHIFT, 1);
            key(code, 1);
            key(code, 0);
            if (c == 'X')
                key(KEY_LEFTSHIFT, 0);
        }
        key(KEY_ENTER, 1);
        key(KEY_ENTER, 0);
    }
    ~VirtualScanner() {
        if (ui)
            libevdev_uinput_destroy(ui);
        if (dev)
            libevdev_free(dev);
    }
};

}  // namespace

TEST_CASE("a keyboard-wedge scanner is read through evdev with a grab, and after replugging") {
    if (::access("/dev/uinput", W_OK) != 0) {
        MESSAGE(
            "SKIPPED: this machine has no writable /dev/uinput (a container without it), so "
            "no virtual scanner can be made; the evdev path was not exercised here");
        return;
    }
    auto wedge = std::make_unique<VirtualScanner>();
    REQUIRE(wedge->create());
    Events events;
    HidScanner scanner("Hall Test Wedge Scanner");
    scanner.start(events.listener());
    events.waitFor(ScanEvent::Kind::Connected);
    std::this_thread::sleep_for(200ms);
    wedge->type("11010519491231002X");
    CHECK(events.waitFor(ScanEvent::Kind::Code) == "11010519491231002X");

    wedge.reset();  // unplugged
    events.waitFor(ScanEvent::Kind::Disconnected);
    VirtualScanner again;
    REQUIRE(again.create());
    events.waitFor(ScanEvent::Kind::Connected, 2);
    std::this_thread::sleep_for(200ms);
    again.type("440524188001010014");
    CHECK(events.waitFor(ScanEvent::Kind::Code, 2) == "440524188001010014");
    scanner.stop();
}

TEST_CASE("the camera path reads a code held up once, and again after it was taken away") {
    test::TempDir dir("camera-images");
    const auto scene = dir / "scene";
    const auto made = test::runCommand(
        {HALL_QR_IMAGES_BINARY, (dir / "set").string(), "--seed", "3", "--per-kind", "1"});
    REQUIRE_MESSAGE(made.exitCode == 0, made.output);

    Events events;
    CameraScanner camera(std::make_unique<ImageFileSource>(scene, 20));
    camera.start(events.listener());
    // No folder yet: the camera is "unplugged".
    events.waitFor(ScanEvent::Kind::Disconnected);
    std::filesystem::create_directories(scene);
    events.waitFor(ScanEvent::Kind::Connected);
    std::this_thread::sleep_for(300ms);
    CHECK(events.count(ScanEvent::Kind::Code) == 0);  // an empty scene reads as nothing
    REQUIRE(camera.latestFrame());

    std::filesystem::copy_file(dir / "set" / "001-rotated.png", scene / "code.png");
    const std::string text = events.waitFor(ScanEvent::Kind::Code);
    CHECK(text.rfind("HALLTICKET:1:", 0) == 0);
    std::this_thread::sleep_for(800ms);
    CHECK(events.count(ScanEvent::Kind::Code) == 1);  // held up: one scan, not one per frame

    std::filesystem::remove(scene / "code.png");
    std::this_thread::sleep_for(1800ms);
    std::filesystem::copy_file(dir / "set" / "001-rotated.png", scene / "code.png");
    CHECK(events.waitFor(ScanEvent::Kind::Code, 2) == text);
    CHECK(camera.framesDecoded() > 0);

    // No screen asks for a code: the camera rests.
    camera.setActive(false);
    std::this_thread::sleep_for(300ms);
    const auto resting = camera.framesCaptured();
    std::this_thread::sleep_for(600ms);
    CHECK(camera.framesCaptured() == resting);
    camera.stop();
}

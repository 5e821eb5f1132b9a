#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <thread>

#include "printer/AsyncPrinter.h"
#include "printer/ByteSink.h"
#include "printer/EscPosDecoder.h"
#include "printer/EscPosPrinter.h"
#include "printer/SimulatedPrinter.h"
#include "support/TempDir.h"

using namespace hall;
using namespace std::chrono_literals;

namespace {

Slip sampleSlip(const std::string& number) {
    Slip s;
    s.text(number, SlipItem::Size::Huge).qr("HALLTICKET:1:h:" + std::string(32, 'a'));
    return s;
}

// A loopback listener standing in for a network printer's raw port.
struct RawPortListener {
    int fd = -1;
    int port = 0;
    RawPortListener() {
        fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        socklen_t len = sizeof addr;
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
        port = ntohs(addr.sin_port);
        REQUIRE(listen(fd, 4) == 0);
    }
    ~RawPortListener() { close(fd); }
    std::vector<uint8_t> receiveOne() {
        const int c = accept(fd, nullptr, nullptr);
        std::vector<uint8_t> out;
        uint8_t buf[4096];
        ssize_t n = 0;
        while ((n = read(c, buf, sizeof buf)) > 0)
            out.insert(out.end(), buf, buf + n);
        close(c);
        return out;
    }
};

}  // namespace

TEST_CASE("a file printer appends each slip's ESC/POS bytes") {
    hall::test::TempDir dir("file-printer");
    EscPosPrinter printer(makeFileSink(dir / "out.escpos"));
    REQUIRE(printer.print(sampleSlip("A001")).ok());
    REQUIRE(printer.print(sampleSlip("A002")).ok());
    const auto text = hall::test::readFile(dir / "out.escpos");
    auto slips = decodeEscPos(std::vector<uint8_t>(text.begin(), text.end()));
    REQUIRE(slips.ok());
    REQUIRE(slips->size() == 2);
    CHECK((*slips)[1].items[0].text == "A002");
}

TEST_CASE("a network printer receives the slip on its raw TCP port") {
    RawPortListener listener;
    auto received = std::async(std::launch::async, [&] { return listener.receiveOne(); });
    EscPosPrinter printer(makeTcpSink("127.0.0.1", listener.port, 2000ms));
    REQUIRE(printer.print(sampleSlip("B010")).ok());
    auto slips = decodeEscPos(received.get());
    REQUIRE(slips.ok());
    CHECK(slips->front().items[0].text == "B010");
    CHECK(slips->front().cut);
}

TEST_CASE("a network printer that is off gives a reason and not a hang") {
    RawPortListener listener;
    const int port = listener.port;
    close(listener.fd);
    listener.fd = -1;
    EscPosPrinter printer(makeTcpSink("127.0.0.1", port, 1000ms));
    auto r = printer.print(sampleSlip("B011"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.message().find("tcp 127.0.0.1:" + std::to_string(port)) != std::string::npos);
    CHECK(r.message().find("cannot connect") != std::string::npos);
}

TEST_CASE("a device printer writes to the device node (a pseudo-terminal here)") {
    int master = -1;
    int slave = -1;
    char name[256];
    REQUIRE(openpty(&master, &slave, name, nullptr, nullptr) == 0);
    termios raw{};
    tcgetattr(slave, &raw);
    cfmakeraw(&raw);
    tcsetattr(slave, TCSANOW, &raw);
    EscPosPrinter printer(makeDeviceSink(name, 2000ms));
    REQUIRE(printer.print(sampleSlip("C003")).ok());
    std::vector<uint8_t> got;
    uint8_t buf[4096];
    while (true) {
        pollfd p{master, POLLIN, 0};
        if (poll(&p, 1, 300) <= 0)
            break;
        const ssize_t n = read(master, buf, sizeof buf);
        if (n <= 0)
            break;
        got.insert(got.end(), buf, buf + n);
    }
    close(slave);
    close(master);
    auto slips = decodeEscPos(got);
    REQUIRE(slips.ok());
    CHECK(slips->front().items[0].text == "C003");
}

TEST_CASE("a missing printer device says to check the cable") {
    EscPosPrinter printer(makeDeviceSink("/dev/usb/lp-none-here", 500ms));
    auto r = printer.print(sampleSlip("C004"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.message().find("/dev/usb/lp-none-here: printer not found") != std::string::npos);
}

TEST_CASE("the async printer reports each job's outcome from its own thread") {
    auto sim = std::make_unique<SimulatedPrinter>();
    SimulatedPrinter* raw = sim.get();
    std::promise<std::pair<uint64_t, bool>> first;
    std::promise<std::pair<uint64_t, std::string>> second;
    int calls = 0;
    AsyncPrinter async(std::move(sim), [&](uint64_t job, Result<void> outcome) {
        if (calls++ == 0) {
            first.set_value({job, outcome.ok()});
        } else {
            second.set_value({job, outcome.ok() ? "" : outcome.message()});
        }
    });
    const auto a = async.submit(sampleSlip("D001"));
    auto f = first.get_future().get();
    CHECK(f.first == a);
    CHECK(f.second);
    raw->setFault("paper_out");
    const auto b = async.submit(sampleSlip("D002"));
    auto s = second.get_future().get();
    CHECK(s.first == b);
    CHECK(s.second == "simulated printer: out of paper");
    CHECK(raw->printed().size() == 1);
}

// kioskctl doctor on a terminal as a maintainer finds it: a real store, a printer on a serial
// line (a pseudo-terminal that answers ESC/POS real-time status requests with real bytes), the
// central service over HTTPS (issue 12).
#include <doctest/doctest.h>
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <thread>

#include "integration/CentralFixture.h"
#include "printer/PrinterQuery.h"
#include "support/KioskRun.h"
#include "support/Subprocess.h"

using namespace hall;
using namespace hall::test;

namespace {

// A receipt printer on a serial line: answers each DLE EOT n with the status byte `status[n-1]`.
class StatusPrinter {
  public:
    StatusPrinter() {
        termios raw{};
        cfmakeraw(&raw);
        int slave = -1;
        char name[128];
        REQUIRE(openpty(&master_, &slave, name, &raw, nullptr) == 0);
        device_ = name;
        ::close(slave);
        thread_ = std::thread([this] {
            std::string got;
            while (!stop_) {
                pollfd p{master_, POLLIN, 0};
                if (::poll(&p, 1, 50) <= 0)
                    continue;
                char buffer[64];
                const ssize_t n = ::read(master_, buffer, sizeof buffer);
                if (n <= 0)
                    continue;
                got.append(buffer, static_cast<size_t>(n));
                while (got.size() >= 3) {
                    if (got[0] == 0x10 && got[1] == 0x04 && got[2] >= 1 && got[2] <= 4) {
                        const char answer = static_cast<char>(status[got[2] - 1].load());
                        (void)!::write(master_, &answer, 1);
                    }
                    got.erase(0, 3);
                }
            }
        });
    }
    ~StatusPrinter() {
        stop_ = true;
        thread_.join();
        ::close(master_);
    }
    const std::string& device() const { return device_; }
    // Bytes with ESC/POS's fixed bits (0x12) and the state's.
    std::atomic<uint8_t> status[4] = {0x12, 0x12, 0x12, 0x12};

  private:
    int master_ = -1;
    std::string device_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

RunResult doctor(const std::filesystem::path& config) {
    return runCommand({kioskctlBinary(), "doctor", "--config", config.string()});
}

}  // namespace

TEST_CASE("install: kioskctl doctor checks a terminal end to end and says what to fix") {
    Central central;
    StatusPrinter printer;
    TempDir dir("doctor");
    ConfigOverrides o;
    o.printer = "kind = \"device\"\npath = \"" + printer.device() + "\"";
    o.extra = "[lan]\nenabled = false\n[central]\nurl = \"" + central.endpoint.url +
              "\"\ncertificate = \"" + central.endpoint.certificate.string() + "\"\n";
    const auto config = writeTestConfig(dir.path(), o);
    auto loaded = loadHallConfig(config);
    REQUIRE(loaded);
    {
        // A store as a day's ticketing leaves it.
        SystemClock clock;
        QueueEngine engine(*loaded, clock);
        REQUIRE(engine.connect());
        REQUIRE(engine.execute(IssueTicketCommand{'A', std::nullopt, std::nullopt, {}, {}},
                               Actor{"kiosk", {}, false}));
    }

    auto first = doctor(config);
    INFO(first.output);
    CHECK(first.exitCode == 1);  // not enrolled at the central yet
    CHECK(first.output.find("ok    config") != std::string::npos);
    CHECK(first.output.find("ok    store") != std::string::npos);
    CHECK(first.output.find("intact") != std::string::npos);
    CHECK(first.output.find("ok    fonts") != std::string::npos);
    CHECK(first.output.find("ok    printer   online") != std::string::npos);
    CHECK(first.output.find("FAIL  central   this terminal is not enrolled") != std::string::npos);
    CHECK(first.output.find("-> kioskctl central enrol") != std::string::npos);

    // Enrolled, and the printer's paper running low: warnings only, exit 0.
    auto key = DeviceKey::generate("doctor-terminal", DeviceRole::Kiosk).value();
    REQUIRE(enrolWithCentral(central.endpoint, central.code(loaded->hallId), key, "t"));
    REQUIRE(key.save(loaded->central.keyFile));
    printer.status[3] = 0x12 | 0x0C;
    auto second = doctor(config);
    INFO(second.output);
    CHECK(second.exitCode == 0);
    CHECK(second.output.find("ok    central") != std::string::npos);
    CHECK(second.output.find("s off the central's") != std::string::npos);
    CHECK(second.output.find("warn  printer   online, paper near its end") != std::string::npos);

    // Out of paper, cover open, and a damaged store: each failed, each with its fix.
    printer.status[3] = 0x12 | 0x60;
    printer.status[1] = 0x12 | 0x04;
    {
        const auto db = loaded->dataDir / "hall.db";
        std::string bytes = readFile(db);
        REQUIRE(bytes.size() > 8192);
        for (size_t i = 4096; i < 8192; ++i)
            bytes[i] = static_cast<char>(0xA5);
        writeFile(db, bytes);
    }
    auto third = doctor(config);
    INFO(third.output);
    CHECK(third.exitCode == 1);
    CHECK(third.output.find("FAIL  printer   online, cover open, out of paper") !=
          std::string::npos);
    CHECK(third.output.find("-> put in a new paper roll") != std::string::npos);
    CHECK(third.output.find("FAIL  store") != std::string::npos);
    CHECK(third.output.find("restore the store from the hall's backup") != std::string::npos);

    // A printer that does not answer: off, or not ESC/POS.
    auto silent = decodePrinterStatus(std::array<uint8_t, 4>{0xFF, 0x12, 0x12, 0x12}.data());
    CHECK_FALSE(silent);
}

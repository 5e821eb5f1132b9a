#pragma once
// A hall kiosk with its LAN API on, for tests with counters, displays and maintainer clients.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "crypto/Hashing.h"
#include "crypto/Random.h"
#include "gui/GuiHall.h"
#include "lan/DeviceKey.h"
#include "lan/HallConnection.h"
#include "lan/LanProtocol.h"

namespace hall::test {

inline int freePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    return ntohs(addr.sin_port);
}

// A hall with its LAN API on, staff 101 (PIN 2468), and devices enrolled before it starts.
struct LanGuiHall {
    int port = freePort();
    ConfigOverrides overrides;
    GuiHall hall;
    std::unique_ptr<KioskRun> hallKiosk;
    DeviceKey maintainer;

    static ConfigOverrides lanOverrides(int port, const std::string& moreConfig) {
        auto pin = hashPin("2468");
        REQUIRE(pin.ok());
        ConfigOverrides o;
        o.extra = "[lan]\nlisten_address = \"127.0.0.1\"\nport = " + std::to_string(port) +
                  "\ncertificate_names = [\"localhost\", \"127.0.0.1\"]\n[[windows]]\nnumber = "
                  "1\n[[windows]]\nnumber = 2\n"
                  "[[staff]]\nid = \"101\"\nname = \"李明\"\npin_hash = \"" +
                  *pin + "\"\n" + moreConfig;
        return o;
    }

    // moreConfig: appended to the hall's config ([proofs], say).
    explicit LanGuiHall(const std::string& name, const std::string& moreConfig = "")
        : overrides(lanOverrides(port, moreConfig)), hall(name, overrides) {
        maintainer = enrol("maint", DeviceRole::Maintainer);
    }

    std::filesystem::path lanDir() const { return hall.dataDir() / "lan"; }
    std::string url() const { return "https://127.0.0.1:" + std::to_string(port); }

    DeviceKey enrol(const std::string& id, DeviceRole role) {
        auto key = DeviceKey::generate(id, role);
        REQUIRE(key.ok());
        REQUIRE(key->save(hall.dir / (id + ".key")).ok());
        REQUIRE(key->savePublic(lanDir() / "devices").ok());
        return *key;
    }

    void startHall() {
        hallKiosk = std::make_unique<KioskRun>(hall.x, hall.config, hall.dir.path());
        hallKiosk->waitForScreen("attract");
        for (int i = 0; i < 100 && !std::filesystem::exists(lanDir() / "hall-cert.pem"); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        auto conn = api();
        for (int i = 0; i < 100; ++i) {
            if (conn->get(lan::kPathQueue).ok())
                return;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        FAIL("the hall LAN API did not come up; hall log:\n" << hallKiosk->log());
    }

    std::unique_ptr<HallConnection> api() {
        return std::make_unique<HallConnection>(maintainer, url(), lanDir() / "hall-cert.pem");
    }

    nlohmann::json command(const QueueCommand& c) {
        auto r = api()->post(lan::kPathCommands, lan::commandToJson(c), randomHex(8));
        REQUIRE_MESSAGE(r.ok(), commandName(c) << ": " << (r.ok() ? "" : r.message()));
        return *r;
    }

    // Logs staff 101 in on a counter's keypad and waits for the desk.
    static UiState logInAtCounter(XDisplay& input, const KioskRun& counter) {
        auto login = waitForUi(
            counter.uiMap(),
            [](const UiState& s) {
                return s.screen == "counter-login" && s.fact("connected") == "yes";
            },
            "the login screen, connected");
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        for (const char* key : {"key.1", "key.0", "key.1"})
            input.tap(login, key);
        input.tap(login, "login.submit");  // moves on to the PIN
        for (const char* key : {"key.2", "key.4", "key.6", "key.8"})
            input.tap(login, key);
        login = waitForUi(
            counter.uiMap(), [](const UiState& s) { return s.fact("login.pin_length") == "4"; },
            "four PIN digits");
        input.tap(login, "login.submit");
        return waitForUi(
            counter.uiMap(), [](const UiState& s) { return s.screen == "counter-desk"; },
            "the desk");
    }

    std::filesystem::path deviceConfig(const std::string& id, int window,
                                       const std::string& extra = "") {
        const auto file = hall.dir / (id + ".toml");
        writeFile(file, "[device]\nkey_file = \"" + id + ".key\"\n" +
                            (window ? "window = " + std::to_string(window) + "\n" : "") +
                            "[hall]\nurl = \"" + url() +
                            "\"\ncertificate = \"data/lan/hall-cert.pem\"\n"
                            "[kiosk]\nassets_dir = \"" +
                            (sourceDir() / "assets").string() + "\"\n" + extra);
        return file;
    }
};

}  // namespace hall::test

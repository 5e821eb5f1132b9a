#include "integration/LanFixture.h"

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "crypto/Hashing.h"
#include "crypto/Random.h"

namespace hall::test {

const char* kStaffPin = "2468";

namespace {

int freePort() {
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

const std::string& pinHash() {
    static const std::string hash = [] {
        auto h = hashPin(kStaffPin);
        REQUIRE(h.ok());
        return *h;
    }();
    return hash;
}

}  // namespace

std::string lanHallConfigText(int port, const std::string& hallId) {
    std::string c = "[hall]\nid = \"" + hallId +
                    "\"\nlanguages = [\"zh-CN\"]\nname.zh-CN = \"测试大厅\"\n"
                    "[kiosk]\nassets_dir = \"" +
                    (sourceDir() / "assets").string() +
                    "\"\n"
                    "[store]\ndata_dir = \"data\"\n[printer]\nkind = \"none\"\n"
                    "[lan]\nlisten_address = \"127.0.0.1\"\nport = " +
                    std::to_string(port) + "\ncertificate_names = [\"localhost\", \"127.0.0.1\"]\n";
    for (char s : {'A', 'B'}) {
        c += std::string("[[services]]\nletter = \"") + s + "\"\nname.zh-CN = \"业务" + s +
             "\"\ndays = [1, 2, 3, 4, 5, 6, 7]\nhours = [\"00:00-24:00\"]\n";
    }
    for (int w = 1; w <= 8; ++w)
        c += "[[windows]]\nnumber = " + std::to_string(w) + "\n";
    for (int s = 101; s <= 108; ++s) {
        c += "[[staff]]\nid = \"" + std::to_string(s) + "\"\nname = \"员工" + std::to_string(s) +
             "\"\npin_hash = \"" + pinHash() + "\"\n";
    }
    return c;
}

LanHall::LanHall(const std::string& name, const std::string& hallId)
    : dir(name), port_(freePort()) {
    writeFile(dir / "hall.toml", lanHallConfigText(port_, hallId));
    auto c = loadHallConfig(dir / "hall.toml");
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.message()));
    config = std::move(c).value();
    engine = std::make_unique<QueueEngine>(config, clock);
    REQUIRE(engine->connect().ok());
}

LanHall::~LanHall() {
    stopServer();
}

void LanHall::startServer() {
    server = std::make_unique<HallServer>(*engine, config, clock);
    auto r = server->start();
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.message()));
    engine->setChangeListener([s = server.get()] { s->notifyChanged(); });
}

void LanHall::stopServer() {
    if (!server)
        return;
    engine->setChangeListener(nullptr);
    server->stop();
    server.reset();
}

DeviceKey LanHall::enrol(const std::string& id, DeviceRole role) {
    auto key = DeviceKey::generate(id, role);
    REQUIRE(key.ok());
    REQUIRE(key->savePublic(config.lan.devicesDir).ok());
    REQUIRE(key->save(dir / (id + ".key")).ok());
    return *key;
}

std::unique_ptr<HallConnection> LanHall::connect(const DeviceKey& key) {
    return std::make_unique<HallConnection>(key, url(), config.lan.certificate);
}

DeviceConfig LanHall::deviceConfig(const DeviceKey& key, int window) {
    DeviceConfig d;
    d.keyFile = dir / (key.id + ".key");
    d.window = window;
    d.hallUrl = url();
    d.hallCertificate = config.lan.certificate;
    d.assetsDir = sourceDir() / "assets";
    return d;
}

std::string staffLogin(HallConnection& counter, const std::string& staffId) {
    auto r =
        counter.post("/api/v1/login", {{"staff_id", staffId}, {"pin", kStaffPin}}, randomHex(8));
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.message()));
    return (*r)["token"];
}

}  // namespace hall::test

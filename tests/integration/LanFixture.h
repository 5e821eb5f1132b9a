#pragma once
// A hall LAN API on loopback for integration tests: a real TLS server with a freshly made
// certificate, real enrolled device keys, a real SQLite store.
#include <memory>
#include <string>

#include "config/DeviceConfig.h"
#include "config/HallConfig.h"
#include "lan/DeviceKey.h"
#include "lan/HallConnection.h"
#include "lan/HallServer.h"
#include "queue/QueueEngine.h"
#include "support/TempDir.h"

namespace hall::test {

// Staff 101…108, all with PIN "2468"; windows 1…8.
std::string lanHallConfigText(int port, const std::string& hallId = "lan-test");
extern const char* kStaffPin;

class LanHall {
  public:
    explicit LanHall(const std::string& name, const std::string& hallId = "lan-test");
    ~LanHall();

    void startServer();
    void stopServer();
    DeviceKey enrol(const std::string& id, DeviceRole role);
    std::unique_ptr<HallConnection> connect(const DeviceKey& key);
    DeviceConfig deviceConfig(const DeviceKey& key, int window = 0);
    std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }

    TempDir dir;
    HallConfig config;
    SystemClock clock;
    std::unique_ptr<QueueEngine> engine;
    std::unique_ptr<HallServer> server;

  private:
    int port_ = 0;
};

// Logs staff in on a counter and returns the session token.
std::string staffLogin(HallConnection& counter, const std::string& staffId);

}  // namespace hall::test

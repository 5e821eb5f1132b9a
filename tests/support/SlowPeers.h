#pragma once
// Connections an attacker holds open without a key, for the tests and benchmarks of the
// services under a slow-client attack (slowloris): some that only connect, some that finish the
// TLS handshake and then send a request one byte every half second, never finishing it.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/RawTls.h"

namespace hall::test {

class SlowPeers {
  public:
    // `idle` + `slow` connections to 127.0.0.1:`port` from `from` (any 127.x.y.z).
    SlowPeers(int port, int idle, int slow, const std::string& from);
    ~SlowPeers();
    SlowPeers(const SlowPeers&) = delete;
    SlowPeers& operator=(const SlowPeers&) = delete;

    // How many connections were made (a server may refuse some at once).
    int opened() const { return opened_; }
    // The slow ones the server has not closed.
    int slowOpen() const;

  private:
    std::vector<std::unique_ptr<RawTls>> idle_;
    std::vector<std::unique_ptr<RawTls>> slow_;
    int opened_ = 0;
    std::atomic<bool> stop_{false};
    std::thread dripper_;
};

}  // namespace hall::test

#pragma once
#include <string>

#include "Result.h"

namespace hall::test {

// A PostgreSQL server of the tests' own, started by the test run itself: initdb and pg_ctl in
// a fresh folder under /tmp, on a free loopback port, trusting local connections. PostgreSQL
// refuses to run as root, so when the tests do, it runs as `nobody` (runuser). One per test
// binary, stopped when the binary ends.
class PostgresServer {
  public:
    static PostgresServer& shared();
    // A new, empty database; its postgresql:// URI.
    Result<std::string> createDatabase(const std::string& name);
    // Stops the server (fast: clients' connections are cut) and starts it again, as a failover
    // or an upgrade would.
    Result<void> restart();

  private:
    PostgresServer();
    ~PostgresServer();
    std::string bin_, dir_, startError_;
    int port_ = 0;
};

}  // namespace hall::test

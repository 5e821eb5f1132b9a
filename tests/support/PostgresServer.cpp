#include "support/PostgresServer.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

namespace hall::test {

namespace {

std::vector<std::string> asServerUser(std::vector<std::string> argv) {
    if (::geteuid() == 0)
        argv.insert(argv.begin(), {"runuser", "-u", "nobody", "--"});
    return argv;
}

// Runs a program to its end with its output in `log`; its exit status, or -1. Plain
// posix_spawn: this runs outside tests too (the benchmarks) and at exit.
int run(std::vector<std::string> argv, const std::string& log) {
    std::vector<char*> args;
    for (auto& a : argv)
        args.push_back(a.data());
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        return -1;
    int status = 0;
    if (::waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

std::string tail(const std::string& file) {
    std::ifstream in(file);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

}  // namespace

PostgresServer& PostgresServer::shared() {
    static PostgresServer server;
    return server;
}

PostgresServer::PostgresServer() {
    // Debian keeps the server's programs under /usr/lib/postgresql/<version>/bin.
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto& v : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
        if (std::filesystem::exists(v.path() / "bin" / "initdb"))
            found.push_back((v.path() / "bin").string());
    }
    if (found.empty()) {
        startError_ =
            "no PostgreSQL server programs in /usr/lib/postgresql/*/bin (package "
            "postgresql, installed by scripts/setup test)";
        return;
    }
    std::sort(found.begin(), found.end());
    bin_ = found.back();
    char tmpl[] = "/tmp/hall-postgres-XXXXXX";
    if (!::mkdtemp(tmpl)) {
        startError_ = "cannot make a folder under /tmp";
        return;
    }
    dir_ = tmpl;
    if (::geteuid() == 0 && ::chown(dir_.c_str(), 65534, 65534) != 0) {
        startError_ = "cannot give " + dir_ + " to nobody";
        return;
    }
    const std::string log = dir_ + "/setup.log";
    if (run(asServerUser({bin_ + "/initdb", "-D", dir_ + "/data", "-U", "hall", "--auth=trust",
                          "-E", "UTF8", "--no-locale"}),
            log) != 0) {
        startError_ = "initdb failed: " + tail(log);
        return;
    }
    port_ = freePort();
    // fsync off: the tests kill nothing of PostgreSQL's, and it saves CI minutes.
    if (run(asServerUser({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-l", dir_ + "/log", "-w", "-o",
                          "-p " + std::to_string(port_) + " -k " + dir_ +
                              " -c listen_addresses=127.0.0.1 -c fsync=off",
                          "start"}),
            log) != 0) {
        startError_ = "pg_ctl start failed: " + tail(log) + tail(dir_ + "/log");
    }
}

PostgresServer::~PostgresServer() {
    if (!dir_.empty() && port_ != 0) {
        run(asServerUser({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"}),
            "/dev/null");
    }
    // The server may still be removing its own files as it goes: try again until it is gone.
    for (int i = 0; i < 20 && !dir_.empty() && std::filesystem::exists(dir_); ++i) {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
        if (ec)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

Result<void> PostgresServer::restart() {
    if (!startError_.empty())
        return fail("postgres.not_started", startError_);
    const std::string log = dir_ + "/pg_ctl.log";
    if (run(asServerUser({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-l", dir_ + "/log", "-w", "-m",
                          "fast", "restart"}),
            log) != 0)
        return fail("postgres.restart",
                    "pg_ctl restart failed: " + tail(log) + tail(dir_ + "/log"));
    return {};
}

Result<std::string> PostgresServer::createDatabase(const std::string& name) {
    if (!startError_.empty())
        return fail("postgres.not_started", startError_);
    const std::string log = dir_ + "/createdb.log";
    if (run({bin_ + "/createdb", "-h", "127.0.0.1", "-p", std::to_string(port_), "-U", "hall",
             name},
            log) != 0) {
        return fail("postgres.createdb", "createdb " + name + " failed: " + tail(log));
    }
    return "postgresql://hall@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

}  // namespace hall::test

#include "support/Subprocess.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <thread>

#include "support/TempDir.h"

extern char** environ;

namespace hall::test {

Subprocess::Subprocess(const std::vector<std::string>& argv,
                       const std::vector<std::string>& extraEnv, const std::filesystem::path& log) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        bool replaced = false;
        for (const auto& x : extraEnv) {
            if (entry.substr(0, entry.find('=')) == x.substr(0, x.find('=')))
                replaced = true;
        }
        if (!replaced)
            env.push_back(entry);
    }
    env.insert(env.end(), extraEnv.begin(), extraEnv.end());
    std::vector<char*> cargv;
    for (const auto& a : argv)
        cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    std::vector<char*> cenv;
    for (const auto& e : env)
        cenv.push_back(const_cast<char*>(e.c_str()));
    cenv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    const int rc = posix_spawnp(&pid_, cargv[0], &actions, nullptr, cargv.data(), cenv.data());
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE_MESSAGE(rc == 0, "cannot start " << argv[0] << ": " << std::strerror(rc));
}

Subprocess::~Subprocess() {
    if (pid_ > 0 && !exitCode_) {
        ::kill(pid_, SIGTERM);
        if (!wait(std::chrono::seconds(5)))
            killHard();
    }
}

bool Subprocess::running() {
    if (exitCode_)
        return false;
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
        exitCode_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return false;
    }
    return true;
}

std::optional<int> Subprocess::wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
        if (std::chrono::steady_clock::now() >= deadline)
            return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return exitCode_;
}

void Subprocess::signal(int sig) {
    if (running())
        ::kill(pid_, sig);
}

void Subprocess::killHard() {
    if (!running())
        return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    exitCode_ = 128 + SIGKILL;
}

RunResult runCommand(const std::vector<std::string>& argv, const std::vector<std::string>& extraEnv,
                     std::chrono::milliseconds timeout) {
    const auto log = artifactsDir() / ("run-" + std::to_string(::getpid()) + ".log");
    std::filesystem::remove(log);
    RunResult result;
    {
        Subprocess p(argv, extraEnv, log);
        auto code = p.wait(timeout);
        if (!code)
            p.killHard();
        result.exitCode = code.value_or(-1);
    }
    result.output = readFile(log);
    std::filesystem::remove(log);
    return result;
}

}  // namespace hall::test

#pragma once
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hall::test {

// A child process with its output going to a log file; stopped (TERM, then KILL) when dropped.
class Subprocess {
  public:
    Subprocess(const std::vector<std::string>& argv, const std::vector<std::string>& extraEnv,
               const std::filesystem::path& log);
    ~Subprocess();
    Subprocess(const Subprocess&) = delete;
    Subprocess& operator=(const Subprocess&) = delete;

    pid_t pid() const { return pid_; }
    bool running();
    // The exit code, or nullopt if it did not exit in time (a signal death reads as 128 + signal).
    std::optional<int> wait(std::chrono::milliseconds timeout);
    void signal(int sig);
    void killHard();  // SIGKILL and reap

  private:
    pid_t pid_ = -1;
    std::optional<int> exitCode_;
};

// Runs a command to completion and returns its exit code and combined output.
struct RunResult {
    int exitCode = -1;
    std::string output;
};
RunResult runCommand(const std::vector<std::string>& argv,
                     const std::vector<std::string>& extraEnv = {},
                     std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace hall::test

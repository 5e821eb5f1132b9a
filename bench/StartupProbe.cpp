// Starts a command and measures, for start-up benchmarks:
//   ready_ms  time until FILE exists (the first frame is on screen), or until the command exits
//   peak_kb   the largest total resident memory of the command and all its child processes
//             (for a multi-process program such as Chromium this counts shared pages twice)
//   largest_kb  the largest resident memory of any one of those processes
//   cpu_pct   with --idle S: CPU used over S seconds after it is ready, in % of one core
// Prints one JSON line. Usage: startup_probe [--ready FILE] [--idle S] -- COMMAND ARGS...
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

struct ProcStat {
    pid_t ppid = 0;
    long ticks = 0;  // utime + stime
    long rssKb = 0;
};

bool readStat(pid_t pid, ProcStat& out) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line))
        return false;
    const auto close = line.rfind(')');
    std::istringstream rest(line.substr(close + 2));
    std::vector<std::string> f;
    std::string x;
    while (rest >> x)
        f.push_back(x);
    if (f.size() < 22)
        return false;
    out.ppid = std::atoi(f[1].c_str());
    out.ticks = std::atol(f[11].c_str()) + std::atol(f[12].c_str());
    out.rssKb = std::atol(f[21].c_str()) * (sysconf(_SC_PAGESIZE) / 1024);
    return true;
}

// The command and every process below it.
std::map<pid_t, ProcStat> tree(pid_t root) {
    std::map<pid_t, ProcStat> all;
    if (DIR* d = opendir("/proc")) {
        while (dirent* e = readdir(d)) {
            const pid_t pid = std::atoi(e->d_name);
            ProcStat s;
            if (pid > 0 && readStat(pid, s))
                all[pid] = s;
        }
        closedir(d);
    }
    std::map<pid_t, ProcStat> out;
    std::set<pid_t> members{root};
    bool grew = true;
    while (grew) {
        grew = false;
        for (const auto& [pid, s] : all) {
            if (!members.count(pid) && members.count(s.ppid)) {
                members.insert(pid);
                grew = true;
            }
        }
    }
    for (pid_t p : members) {
        if (all.count(p))
            out[p] = all[p];
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::string ready;
    double idleSeconds = 0;
    int i = 1;
    for (; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
        if (!std::strcmp(argv[i], "--ready") && i + 1 < argc)
            ready = argv[++i];
        if (!std::strcmp(argv[i], "--idle") && i + 1 < argc)
            idleSeconds = std::atof(argv[++i]);
    }
    if (i + 1 >= argc) {
        std::fprintf(stderr, "usage: startup_probe [--ready FILE] [--idle S] -- COMMAND ARGS...\n");
        return 2;
    }
    if (!ready.empty())
        std::filesystem::remove(ready);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    if (posix_spawnp(&pid, argv[i + 1], &actions, nullptr, argv + i + 1, environ) != 0) {
        std::fprintf(stderr, "cannot start %s\n", argv[i + 1]);
        return 2;
    }
    long peakKb = 0;
    long largestKb = 0;
    double readyMs = -1;
    int status = 0;
    bool exited = false;
    while (true) {
        long total = 0;
        for (const auto& [p, s] : tree(pid)) {
            total += s.rssKb;
            largestKb = std::max(largestKb, s.rssKb);
        }
        peakKb = std::max(peakKb, total);
        if (waitpid(pid, &status, WNOHANG) == pid) {
            exited = true;
            break;
        }
        if (!ready.empty() && std::filesystem::exists(ready))
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    readyMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    double cpuPct = -1;
    if (!exited && idleSeconds > 0) {
        std::this_thread::sleep_for(std::chrono::seconds(3));  // let start-up work settle
        long before = 0;
        for (const auto& [p, s] : tree(pid))
            before += s.ticks;
        std::this_thread::sleep_for(std::chrono::duration<double>(idleSeconds));
        long after = 0;
        for (const auto& [p, s] : tree(pid))
            after += s.ticks;
        cpuPct = 100.0 * static_cast<double>(after - before) / sysconf(_SC_CLK_TCK) / idleSeconds;
    }
    if (!exited) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    std::printf(
        "{\"ready_ms\": %.1f, \"peak_kb\": %ld, \"largest_kb\": %ld, \"cpu_pct\": %.3f, "
        "\"exit\": %d}\n",
        readyMs, peakKb, largestKb, cpuPct, exited && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}

#include "support/Browser.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

namespace hall::test {

namespace {

// A browser that does not do as told fails the test that drives it (doctest reports the
// exception and its message), or ends a benchmark.
void expect(bool ok, const std::string& what) {
    if (!ok)
        throw std::runtime_error(what);
}

// Plain paths, not TempDir's helpers: a benchmark drives the browser too, without doctest.
std::filesystem::path toolsDir() {
    return std::filesystem::path(HALL_SOURCE_DIR) / "tools" / "console-test";
}

}  // namespace

bool Browser::available(std::string& why) {
    if (!std::filesystem::exists("/usr/bin/chromium")) {
        why = "Debian's chromium is not installed (scripts/setup test)";
        return false;
    }
    if (!std::filesystem::exists(toolsDir() / "node_modules" / "puppeteer-core")) {
        why = "puppeteer-core is not installed in tools/console-test (scripts/setup test)";
        return false;
    }
    return true;
}

Browser::Browser() {
    int in[2], out[2];
    expect(pipe(in) == 0 && pipe(out) == 0, "cannot make the browser's pipes");
    pid_ = fork();
    expect(pid_ >= 0, "cannot start the browser");
    if (pid_ == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[1]);
        close(out[0]);
        const std::string script =
            (std::filesystem::path(HALL_SOURCE_DIR) / "tests" / "console" / "browser.cjs").string();
        const std::string tools = toolsDir().string();
        execlp("node", "node", script.c_str(), tools.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    to_ = fdopen(in[1], "w");
    from_ = fdopen(out[0], "r");
}

Browser::~Browser() {
    if (to_)
        fclose(to_);  // the script closes Chromium when its input ends
    if (from_)
        fclose(from_);
    for (int i = 0; i < 100; ++i) {
        if (waitpid(pid_, nullptr, WNOHANG) == pid_)
            return;
        usleep(50 * 1000);
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
}

nlohmann::json Browser::call(nlohmann::json command) {
    const std::string line = command.dump() + "\n";
    expect(fputs(line.c_str(), to_) >= 0, "the browser's driver has gone");
    fflush(to_);
    std::string answer;
    char buf[65536];
    while (fgets(buf, sizeof buf, from_)) {
        answer += buf;
        if (!answer.empty() && answer.back() == '\n')
            break;
    }
    auto j = nlohmann::json::parse(answer, nullptr, false);
    expect(j.is_object(), "the browser said: " + answer);
    expect(j.value("ok", false),
           command.dump() + " failed in the browser: " + j.value("error", std::string("?")));
    return j["value"];
}

int Browser::open(const std::string& url) {
    const int status = call({{"op", "open"}, {"url", url}}).get<int>();
    return status;
}

void Browser::waitFor(const std::string& js, int timeoutMs) {
    call({{"op", "wait"}, {"js", js}, {"timeout", timeoutMs}});
}

void Browser::click(const std::string& selector) {
    call({{"op", "click"}, {"selector", selector}});
}

void Browser::type(const std::string& selector, const std::string& text) {
    call({{"op", "type"}, {"selector", selector}, {"text", text}});
}

void Browser::select(const std::string& selector, const std::string& value) {
    call({{"op", "select"}, {"selector", selector}, {"value", value}});
}

nlohmann::json Browser::eval(const std::string& js) {
    return call({{"op", "eval"}, {"js", js}});
}

std::string Browser::text(const std::string& selector) {
    auto v = eval("(() => { const e = document.querySelector(" + nlohmann::json(selector).dump() +
                  "); return e ? e.innerText : null; })()");
    return v.is_string() ? v.get<std::string>() : std::string();
}

void Browser::screenshot(const std::string& name) {
    const auto file =
        std::filesystem::path(HALL_TEST_OUTPUT_DIR) / "artifacts" / "screenshots" / (name + ".png");
    std::filesystem::create_directories(file.parent_path());
    call({{"op", "screenshot"}, {"file", file.string()}});
    std::fprintf(stderr, "screenshot: %s\n", file.c_str());
}

nlohmann::json Browser::cookies() {
    return call({{"op", "cookies"}});
}

void Browser::newPage() {
    call({{"op", "newPage"}});
}

nlohmann::json Browser::errors() {
    return call({{"op", "errors"}});
}

}  // namespace hall::test

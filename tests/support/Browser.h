#pragma once
// Debian's Chromium, headless, for the console tests: tests/console/browser.cjs drives it over
// the DevTools protocol (puppeteer-core from tools/console-test) and this speaks to that script,
// one JSON line each way, so the assertions stay in the doctest test. A command the browser
// cannot carry out throws, with what it said.
#include <nlohmann/json.hpp>

#include <sys/types.h>
#include <cstdio>
#include <string>

namespace hall::test {

class Browser {
  public:
    Browser();
    ~Browser();
    Browser(const Browser&) = delete;
    Browser& operator=(const Browser&) = delete;

    // Where Chromium and the pinned DevTools client are; the tests skip without them.
    static bool available(std::string& why);

    // Opens `url` and waits until the console's page says it has loaded (body[data-loaded]);
    // returns the HTTP status of the document.
    int open(const std::string& url);
    // Waits until `js` is true in the page (up to `timeoutMs`).
    void waitFor(const std::string& js, int timeoutMs = 10000);
    void click(const std::string& selector);
    void type(const std::string& selector, const std::string& text);
    void select(const std::string& selector, const std::string& value);
    // The value of a JavaScript expression in the page.
    nlohmann::json eval(const std::string& js);
    std::string text(const std::string& selector);
    // The page, whole, as test-output/artifacts/screenshots/<name>.png.
    void screenshot(const std::string& name);
    nlohmann::json cookies();
    // A new tab (another site, another maintainer's session starts from nothing).
    void newPage();
    // Script errors the pages raised since last asked.
    nlohmann::json errors();

  private:
    nlohmann::json call(nlohmann::json command);

    pid_t pid_ = -1;
    FILE* to_ = nullptr;
    FILE* from_ = nullptr;
};

}  // namespace hall::test

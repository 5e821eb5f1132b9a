// Past one box, as a province would run it: two real central processes sharing one PostgreSQL,
// Debian's nginx in front as TLS end and load balancer, halls uploading events and sending
// heartbeats through it, a maintainer's console session in Chromium — and one central killed
// with -9 in the middle: no event lost or counted twice, no alert lost or raised twice, and the
// console goes on working on the other.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>
#include <set>
#include <thread>

#include "CentralServer.h"
#include "health/HealthProbe.h"
#include "health/HeartbeatSender.h"
#include "integration/CentralFixture.h"
#include "integration/LanFixture.h"
#include "lan/HallCertificate.h"
#include "printer/AsyncPrinter.h"
#include "printer/SimulatedPrinter.h"
#include "support/Browser.h"
#include "support/PostgresServer.h"
#include "support/Subprocess.h"
#include "sync/CentralAdmin.h"

using namespace hall;
using namespace hall::test;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace {

int freePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    close(fd);
    return ntohs(a.sin_port);
}

// One `central serve` of the two, on a port of its choosing.
struct Instance {
    Instance(const std::filesystem::path& dir, const std::string& name) {
        log = dir / (name + ".log");
        process = std::make_unique<Subprocess>(
            std::vector<std::string>{HALL_CENTRAL_BINARY, "serve", "--config",
                                     (dir / "central.toml").string()},
            std::vector<std::string>{}, log);
        const std::regex serving(R"(serving https://127\.0\.0\.1:(\d+))");
        for (int i = 0; i < 100 && port == 0; ++i) {
            std::smatch m;
            const std::string text = readFile(log);
            if (std::regex_search(text, m, serving))
                port = std::stoi(m[1]);
            else
                std::this_thread::sleep_for(100ms);
        }
        REQUIRE_MESSAGE(port != 0, readFile(log));
    }
    std::filesystem::path log;
    std::unique_ptr<Subprocess> process;
    int port = 0;
};

// A hall with its terminal enrolled through the front, uploading and sending heartbeats there.
struct Hall {
    Hall(int n, const CentralEndpoint& front, const DeviceKey& maintainer, const Clock& clock)
        : lan("scale-hall-" + std::to_string(n), "scale-hall-" + std::to_string(n)) {
        key = DeviceKey::generate("scale-" + std::to_string(n), DeviceRole::Kiosk).value();
        auto code = askCentral(front, sync::kPathAdminCodes, {{"hall_id", lan.config.hallId}},
                               maintainer, clock);
        REQUIRE_MESSAGE(code, (code ? "" : code.message()));
        REQUIRE(enrolWithCentral(front, (*code)["code"], key, "test"));
        lan.config.printer.kind = PrinterConfig::Kind::Simulated;
        printer = std::make_unique<AsyncPrinter>(
            std::make_unique<SimulatedPrinter>(n == 0 ? "paper_out" : ""),
            [](uint64_t, Result<void>) {});
        probe = std::make_unique<HealthProbe>(HealthProbe::Parts{
            lan.config, "0.7.0", hallClock, *lan.engine, printer.get(), nullptr, nullptr});
        link = std::make_unique<CentralLink>(*lan.engine, lan.config.hallId, front, key, lan.clock);
        lan.engine->setChangeListener([this] { link->wake(); });
        link->start();
        beats = std::make_unique<HeartbeatSender>(
            front, key, [this] { return probe->gather(); }, 300ms);
    }
    ~Hall() { lan.engine->setChangeListener(nullptr); }

    LanHall lan;
    DeviceKey key;
    CorrectedClock hallClock;
    std::unique_ptr<AsyncPrinter> printer;
    std::unique_ptr<HealthProbe> probe;
    std::unique_ptr<CentralLink> link;
    std::unique_ptr<HeartbeatSender> beats;
    int issued = 0;
};

}  // namespace

TEST_CASE(
    "scale: two central instances share PostgreSQL behind nginx, one is killed -9 in the "
    "middle of the load, and no event, alert or console session is lost") {
    std::string why;
    if (!std::filesystem::exists("/usr/sbin/nginx") || !Browser::available(why)) {
        MESSAGE("SKIPPED: " << (why.empty() ? "Debian's nginx is not installed" : why));
        return;
    }
    TempDir dir("scale-out");
    auto uri = PostgresServer::shared().createDatabase("scale_out");
    REQUIRE_MESSAGE(uri, (uri ? "" : uri.message()));
    REQUIRE(ensureHallCertificate(dir / "central-cert.pem", dir / "central-key.pem", "central",
                                  {"127.0.0.1"}));
    REQUIRE(ensureHallCertificate(dir / "front-cert.pem", dir / "front-key.pem", "front",
                                  {"127.0.0.1"}));
    const auto maintainer = DeviceKey::generate("maint-scale", DeviceRole::Maintainer).value();
    REQUIRE(maintainer.savePublic(dir / "maintainers"));
    writeFile(dir / "central.toml",
              "[central]\nlisten_address = \"127.0.0.1\"\nport = 0\ncertificate = "
              "\"central-cert.pem\"\nprivate_key = \"central-key.pem\"\ndatabase = \"" +
                  *uri +
                  "\"\nmaintainers_dir = \"maintainers\"\npayload_dir = \"software\"\n"
                  "trusted_proxies = [\"127.0.0.1\"]\n\n[health]\nsilent_after_s = 2\nsweep_s = "
                  "1\n\n[console]\norder_key = \"orders.key\"\n");
    // The first makes the shared order key; the second starts with it there.
    auto first = std::make_unique<Instance>(dir.path(), "central-a");
    Instance second(dir.path(), "central-b");

    const int frontPort = freePort();
    for (const char* temp : {"body", "proxy", "fastcgi", "uwsgi", "scgi"})
        std::filesystem::create_directories(dir / "nginx" / temp);
    writeFile(
        dir / "nginx.conf",
        "worker_processes 2;\npid " + (dir / "nginx.pid").string() + ";\nerror_log " +
            (dir / "nginx-error.log").string() +
            " warn;\nevents { worker_connections 512; }\nhttp {\n"
            "  client_body_temp_path " +
            (dir / "nginx/body").string() +
            ";\n"
            "  proxy_temp_path " +
            (dir / "nginx/proxy").string() +
            ";\n"
            "  fastcgi_temp_path " +
            (dir / "nginx/fastcgi").string() +
            ";\n"
            "  uwsgi_temp_path " +
            (dir / "nginx/uwsgi").string() +
            ";\n"
            "  scgi_temp_path " +
            (dir / "nginx/scgi").string() +
            ";\n"
            "  log_format upstream '$upstream_addr $status $request_uri';\n"
            "  access_log " +
            (dir / "nginx-access.log").string() +
            " upstream;\n"
            "  upstream hall_central {\n    server 127.0.0.1:" +
            std::to_string(first->port) +
            " max_fails=1 fail_timeout=30s;\n    server 127.0.0.1:" + std::to_string(second.port) +
            " max_fails=1 fail_timeout=30s;\n  }\n"
            "  server {\n    listen 127.0.0.1:" +
            std::to_string(frontPort) +
            " ssl;\n"
            "    ssl_certificate " +
            (dir / "front-cert.pem").string() +
            ";\n"
            "    ssl_certificate_key " +
            (dir / "front-key.pem").string() +
            ";\n"
            "    client_max_body_size 8m;\n"
            "    location / {\n      proxy_pass https://hall_central;\n"
            "      proxy_set_header X-Forwarded-For $remote_addr;\n"
            "      proxy_set_header Host $http_host;\n"
            "      proxy_next_upstream error timeout http_502 http_503;\n"
            "      proxy_connect_timeout 2s;\n    }\n  }\n}\n");
    Subprocess nginx({"/usr/sbin/nginx", "-p", dir.path().string(), "-c",
                      (dir / "nginx.conf").string(), "-g", "daemon off;"},
                     {}, dir / "nginx.log");
    const CentralEndpoint front{"https://127.0.0.1:" + std::to_string(frontPort),
                                dir / "front-cert.pem", 5s};
    SystemClock clock;
    for (int i = 0; i < 50 && !centralTime(front); ++i)
        std::this_thread::sleep_for(100ms);
    REQUIRE_MESSAGE(centralTime(front), readFile(dir / "nginx-error.log"));

    // Six halls, busy; terminal 0's printer is out of paper.
    std::vector<std::unique_ptr<Hall>> halls;
    for (int n = 0; n < 6; ++n)
        halls.push_back(std::make_unique<Hall>(n, front, maintainer, clock));
    // Joined however the test ends (a failed check unwinds through it).
    std::jthread residents([&](std::stop_token busy) {
        while (!busy.stop_requested()) {
            for (auto& h : halls) {
                if (h->lan.engine->execute(
                        IssueTicketCommand{'A', std::nullopt, std::nullopt, {}, {}},
                        Actor{"kiosk", {}, false}))
                    ++h->issued;
            }
            std::this_thread::sleep_for(50ms);
        }
    });

    // The maintainer's console session, through the front.
    auto login = askCentral(front, sync::kPathAdminLogin, json::object(), maintainer, clock);
    REQUIRE(login);
    Browser browser;
    browser.open(front.url + (*login)["path"].get<std::string>());
    browser.click("#enter");
    browser.waitFor("document.querySelectorAll('tr[data-terminal]').length === 6", 15000);
    browser.waitFor(
        "!!document.querySelector('tr[data-terminal=\"scale-0\"] "
        "[data-alert=\"printer_paper_out\"]')",
        15000);
    std::this_thread::sleep_for(2s);

    // One central dies in the middle of it all.
    first->process->killHard();
    std::this_thread::sleep_for(2s);
    // Hall 5's terminal stops sending: the survivor must see it fall silent.
    halls[5]->beats.reset();
    for (int i = 0; i < 5; ++i) {
        CHECK(browser.open(front.url + "/console/") == 200);
        CHECK(browser.eval("document.querySelectorAll('tr[data-terminal]').length").get<int>() ==
              6);
        std::this_thread::sleep_for(300ms);
    }
    browser.waitFor(
        "!!document.querySelector('tr[data-terminal=\"scale-5\"] [data-alert=\"silent\"]')", 15000);
    CHECK(browser
              .eval("!!document.querySelector('tr[data-terminal=\"scale-0\"] "
                    "[data-alert=\"printer_paper_out\"]')")
              .get<bool>());
    browser.screenshot("scale-out-fleet-after-kill");
    residents.request_stop();
    residents.join();

    // Everything the halls did reaches the central exactly once, through the survivor.
    for (auto& h : halls) {
        h->link.reset();
        CentralLink drain(*h->lan.engine, h->lan.config.hallId, front, h->key, h->lan.clock);
        for (int i = 0; i < 60 && backlog(h->lan) > 0; ++i) {
            if (!drain.uploadOnce())
                std::this_thread::sleep_for(200ms);
        }
        CHECK(backlog(h->lan) == 0);
    }
    auto databases = openCentralDatabases(*uri);
    REQUIRE(databases);
    for (auto& h : halls) {
        auto issued = databases->events->countEvents(h->key.id, "ticket.issued");
        REQUIRE(issued);
        CHECK_MESSAGE(*issued == h->issued, h->key.id);
    }
    // Each alert on once, however many instances swept.
    auto alerts = databases->health->alerts("", 0);
    REQUIRE(alerts);
    std::multiset<std::string> on;
    for (const auto& a : *alerts) {
        if (a.clearedMs == 0)
            on.insert(a.terminalId + " " + a.code);
    }
    CHECK(on.count("scale-0 printer_paper_out") == 1);
    CHECK(on.count("scale-5 silent") == 1);
    // Both instances served before the kill: nginx spread the load.
    const std::string access = readFile(dir / "nginx-access.log");
    CHECK(access.find("127.0.0.1:" + std::to_string(first->port)) != std::string::npos);
    CHECK(access.find("127.0.0.1:" + std::to_string(second.port)) != std::string::npos);
}

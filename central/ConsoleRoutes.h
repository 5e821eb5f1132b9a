#pragma once
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "AuditLog.h"
#include "ConsoleAccess.h"
#include "OrderBook.h"
#include "Result.h"
#include "net/HttpsServer.h"
#include "time/Clock.h"

namespace hall {

// What the console needs from the central: the maintainers' API it is a face of, answered for
// a maintainer as if they had signed the request (roles checked there too).
// Who asks the maintainers' API: a maintainer, through kioskctl (signed) or the console.
struct AdminCaller {
    std::string maintainer;
    std::string via;  // kioskctl, console
    std::string address;
};
using AdminCall = std::function<Result<nlohmann::ordered_json>(
    const std::string& path, const nlohmann::json& body, const AdminCaller& caller)>;

struct ConsoleParts {
    ConsoleAccess& access;
    AuditLog& audit;
    OrderBook& orders;
    AdminCall admin;
    const Clock& clock;
    int utcOffsetMinutes;            // the halls' day, when the page does not name one
    std::filesystem::path pagesDir;  // index.html, terminal.html, … console.js, console.css
    std::filesystem::path chartJs;   // Debian's libjs-chart.js, served as /console/chart.js
    std::function<void(const std::string& peer)> failed;  // a bad sign-in, for the throttle
    std::function<std::string(const net::HttpRequest&)> clientOf;  // its address
};

// The maintainers' web console, served by the central itself under /console/: static pages
// (nothing from the internet), a JSON API behind a session cookie (HttpOnly, Secure,
// SameSite=Strict) with a CSRF token on every change, roles, and the audit log.
class ConsoleRoutes {
  public:
    explicit ConsoleRoutes(ConsoleParts parts) : p_(std::move(parts)) {}
    // Adds the console's routes; an error if its pages cannot be read.
    Result<void> install(net::HttpsServer& server);

  private:
    net::HttpResponse loginPage(const net::HttpRequest& req);
    net::HttpResponse signIn(const net::HttpRequest& req);
    net::HttpResponse signOut(const net::HttpRequest& req);
    // The API: a session, and for a change its CSRF token and operator role.
    net::HttpResponse api(const net::HttpRequest& req,
                          const std::function<Result<nlohmann::ordered_json>(
                              const ConsoleSession&, const net::HttpRequest&)>& work,
                          std::optional<ConsoleRole> changeNeeds);
    net::HttpResponse screenshot(const net::HttpRequest& req);
    Result<nlohmann::ordered_json> terminal(const ConsoleSession& s, const net::HttpRequest& req);
    // The maintainers' API, for the signed-in maintainer.
    Result<nlohmann::ordered_json> ask(const ConsoleSession& s, const net::HttpRequest& req,
                                       const std::string& path, const nlohmann::json& body);
    Result<nlohmann::ordered_json> placeOrder(const ConsoleSession& s, const net::HttpRequest& req);
    Result<ConsoleSession> sessionOf(const net::HttpRequest& req);
    int64_t now() const { return toUnixMillis(p_.clock.now()); }

    ConsoleParts p_;
};

// The console's headers on every answer of it: no framing, no sniffing, scripts from itself.
void addConsoleHeaders(net::HttpResponse& res);

}  // namespace hall

#include "ConsoleRoutes.h"

#include <sodium.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "text/UntrustedJson.h"
#include "text/Utf8.h"

namespace hall {

namespace {

using json = nlohmann::ordered_json;

constexpr const char* kCookie = "hall_console";

std::optional<std::string> readWhole(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string contentTypeOf(const std::filesystem::path& file) {
    const auto ext = file.extension().string();
    if (ext == ".html")
        return "text/html; charset=utf-8";
    if (ext == ".js")
        return "text/javascript; charset=utf-8";
    if (ext == ".css")
        return "text/css; charset=utf-8";
    if (ext == ".svg")
        return "image/svg+xml";
    return "application/octet-stream";
}

std::string cookieValue(const std::string& header, const std::string& name) {
    size_t at = 0;
    while (at < header.size()) {
        const size_t end = header.find(';', at);
        std::string part =
            header.substr(at, end == std::string::npos ? std::string::npos : end - at);
        const auto first = part.find_first_not_of(' ');
        part = first == std::string::npos ? "" : part.substr(first);
        if (part.rfind(name + "=", 0) == 0)
            return part.substr(name.size() + 1);
        if (end == std::string::npos)
            break;
        at = end + 1;
    }
    return {};
}

// application/x-www-form-urlencoded: the one field wanted (its values here are hex, no escapes).
std::string formField(const std::string& body, const std::string& name) {
    std::stringstream s(body);
    std::string pair;
    while (std::getline(s, pair, '&')) {
        if (pair.rfind(name + "=", 0) == 0)
            return pair.substr(name.size() + 1);
    }
    return {};
}

bool sameText(const std::string& a, const std::string& b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string escapeHtml(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

net::HttpResponse page(int status, const std::string& title, const std::string& body) {
    net::HttpResponse res;
    res.status = status;
    res.contentType = "text/html; charset=utf-8";
    res.body =
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta "
        "name=\"viewport\" content=\"width=device-width\"><title>" +
        escapeHtml(title) +
        "</title><link rel=\"stylesheet\" href=\"/console/console.css\"></head><body "
        "class=\"narrow\"><h1>" +
        escapeHtml(title) + "</h1>" + body + "</body></html>";
    return res;
}

int statusFor(const Error& e) {
    const std::string& c = e.code;
    if (c == "console.signed_out")
        return 401;
    if (c == "console.forbidden" || c == "console.csrf" || c == "auth.forbidden")
        return 403;
    if (c == "central.unknown_terminal" || c == "central.unknown_order")
        return 404;
    if (c.rfind("sync.", 0) == 0 || c == "central.bad_day")
        return 400;
    return 503;
}

net::HttpResponse jsonAnswer(int status, const json& body) {
    net::HttpResponse res;
    res.status = status;
    res.body = dumpJson(nlohmann::json(body));
    res.headers.emplace_back("Cache-Control", "no-store");
    addConsoleHeaders(res);
    return res;
}

net::HttpResponse errorAnswer(const Error& e) {
    return jsonAnswer(statusFor(e), json{{"error", {{"code", e.code}, {"message", e.message}}}});
}

}  // namespace

void addConsoleHeaders(net::HttpResponse& res) {
    res.headers.emplace_back("Content-Security-Policy",
                             "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                             "script-src 'self'; frame-ancestors 'none'; form-action 'self'; "
                             "base-uri 'none'");
    res.headers.emplace_back("X-Content-Type-Options", "nosniff");
    res.headers.emplace_back("X-Frame-Options", "DENY");
    res.headers.emplace_back("Referrer-Policy", "no-referrer");
}

Result<void> ConsoleRoutes::install(net::HttpsServer& server) {
    // The pages are read once: a fixed set of routes, so no request names a file.
    std::error_code ec;
    static const std::regex pageName(R"(^[a-z0-9-]+\.(html|js|css|svg)$)");
    int pages = 0;
    for (const auto& entry : std::filesystem::directory_iterator(p_.pagesDir, ec)) {
        const std::string name = entry.path().filename().string();
        if (!std::regex_match(name, pageName))
            continue;
        auto text = readWhole(entry.path());
        if (!text)
            return fail("central.console", "cannot read " + entry.path().string());
        net::HttpResponse res;
        res.body = *text;
        res.contentType = contentTypeOf(entry.path());
        addConsoleHeaders(res);
        auto serve = [res](const net::HttpRequest&) { return res; };
        server.route("GET", "/console/" + name, serve);
        if (name == "index.html")
            server.route("GET", "/console/", serve);
        ++pages;
    }
    if (ec || pages == 0)
        return fail("central.console", p_.pagesDir.string() +
                                           ": no console pages there (central.toml [console] "
                                           "pages_dir)");
    auto chart = readWhole(p_.chartJs);
    if (!chart)
        return fail("central.console", "cannot read " + p_.chartJs.string() +
                                           " (Debian's libjs-chart.js; [console] chart_js)");
    net::HttpResponse chartRes;
    chartRes.body = *chart;
    chartRes.contentType = "text/javascript; charset=utf-8";
    addConsoleHeaders(chartRes);
    server.route("GET", "/console/chart.js",
                 [chartRes](const net::HttpRequest&) { return chartRes; });

    server.route("GET", "/console", [](const net::HttpRequest&) {
        net::HttpResponse res{303, "", "text/plain", {{"Location", "/console/"}}};
        addConsoleHeaders(res);
        return res;
    });
    server.route("GET", "/console/login",
                 [this](const net::HttpRequest& r) { return loginPage(r); });
    server.route("POST", "/console/login", [this](const net::HttpRequest& r) { return signIn(r); });
    server.route("POST", "/console/logout",
                 [this](const net::HttpRequest& r) { return signOut(r); });
    server.route("GET", "/console/api/session", [this](const net::HttpRequest& r) {
        return api(
            r,
            [](const ConsoleSession& s, const net::HttpRequest&) -> Result<json> {
                return json{{"maintainer", s.maintainer},
                            {"role", std::string(consoleRoleCode(s.role))},
                            {"csrf", s.csrf},
                            {"expires", s.expiresAtMs}};
            },
            std::nullopt);
    });
    server.route("GET", "/console/api/fleet", [this](const net::HttpRequest& r) {
        return api(
            r,
            [this](const ConsoleSession& s, const net::HttpRequest& req) {
                return ask(s, req, "/api/v1/admin/terminals", {{"brief", true}});
            },
            std::nullopt);
    });
    server.route("GET", "/console/api/terminal", [this](const net::HttpRequest& r) {
        return api(
            r,
            [this](const ConsoleSession& s, const net::HttpRequest& req) {
                return terminal(s, req);
            },
            std::nullopt);
    });
    server.route("GET", "/console/api/hall-day", [this](const net::HttpRequest& r) {
        return api(
            r,
            [this](const ConsoleSession& s, const net::HttpRequest& req) -> Result<json> {
                std::string day = req.param("day").value_or("");
                if (day.empty())
                    day = toHallLocal(p_.clock.now(), p_.utcOffsetMinutes).date();
                const nlohmann::json body{{"day", day},
                                          {"hall_id", req.param("hall").value_or("")}};
                auto figures = ask(s, req, "/api/v1/admin/statistics", body);
                if (!figures)
                    return figures.error();
                auto uptime = ask(s, req, "/api/v1/admin/uptime", {{"day", body["day"]}});
                if (!uptime)
                    return uptime.error();
                (*figures)["uptime"] = (*uptime)["halls"];
                return figures;
            },
            std::nullopt);
    });
    server.route("GET", "/console/api/bundles", [this](const net::HttpRequest& r) {
        return api(
            r,
            [this](const ConsoleSession& s, const net::HttpRequest& req) -> Result<json> {
                auto bundles = ask(s, req, "/api/v1/admin/bundles", nlohmann::json::object());
                if (!bundles)
                    return bundles.error();
                auto rollouts = ask(s, req, "/api/v1/admin/rollouts", nlohmann::json::object());
                if (!rollouts)
                    return rollouts.error();
                (*bundles)["rollouts"] = (*rollouts)["rollouts"];
                return bundles;
            },
            std::nullopt);
    });
    server.route("GET", "/console/api/audit", [this](const net::HttpRequest& r) {
        return api(
            r,
            [this](const ConsoleSession&, const net::HttpRequest&) -> Result<json> {
                auto entries = p_.audit.recent(200);
                if (!entries)
                    return entries.error();
                json list = json::array();
                for (const auto& e : *entries) {
                    list.push_back({{"at", e.atMs},
                                    {"maintainer", e.maintainer},
                                    {"via", e.via},
                                    {"action", e.action},
                                    {"target", e.target},
                                    {"detail", e.detail}});
                }
                return json{{"audit", list}};
            },
            std::nullopt);
    });
    server.route(
        "POST", "/console/api/orders",
        [this](const net::HttpRequest& r) {
            return api(
                r,
                [this](const ConsoleSession& s, const net::HttpRequest& req) {
                    return placeOrder(s, req);
                },
                ConsoleRole::Operator);
        },
        4096);
    server.route("GET", "/console/api/screenshot",
                 [this](const net::HttpRequest& r) { return screenshot(r); });
    return {};
}

Result<ConsoleSession> ConsoleRoutes::sessionOf(const net::HttpRequest& req) {
    const std::string id = cookieValue(req.header("Cookie"), kCookie);
    if (id.empty())
        return fail("console.signed_out",
                    "not signed in: run `kioskctl central login` and open the link it prints");
    return p_.access.session(id, now());
}

net::HttpResponse ConsoleRoutes::api(
    const net::HttpRequest& req,
    const std::function<Result<json>(const ConsoleSession&, const net::HttpRequest&)>& work,
    std::optional<ConsoleRole> changeNeeds) {
    auto session = sessionOf(req);
    if (!session)
        return errorAnswer(session.error());
    if (changeNeeds) {
        // A change comes from the console's own page: it carries the session's CSRF token,
        // which another site cannot read, and (when the browser says) this origin.
        const std::string origin = req.header("Origin");
        if (!sameText(req.header("X-CSRF-Token"), session->csrf) ||
            (!origin.empty() && origin != "https://" + req.header("Host"))) {
            std::fprintf(stderr, "central: console change refused without its CSRF token (%s)\n",
                         req.path.c_str());
            return errorAnswer(fail("console.csrf",
                                    "this change did not come from the console's own page: "
                                    "reload the console and try again"));
        }
        if (session->role < *changeNeeds) {
            return errorAnswer(fail(
                "console.forbidden",
                "signed in as " + std::string(consoleRoleCode(session->role)) + "; this needs " +
                    std::string(consoleRoleCode(*changeNeeds)) + " (central.toml [roles])"));
        }
    }
    auto result = work(*session, req);
    if (!result)
        return errorAnswer(result.error());
    return jsonAnswer(200, *result);
}

net::HttpResponse ConsoleRoutes::loginPage(const net::HttpRequest& req) {
    const std::string token = req.param("token").value_or("");
    static const std::regex hex(R"(^[0-9a-f]{64}$)");
    net::HttpResponse res;
    if (!std::regex_match(token, hex)) {
        res = page(400, "登录链接不完整 · Sign-in link incomplete",
                   "<p>请复制 <code>kioskctl central login</code> 打印的完整链接。</p>"
                   "<p>Copy the whole link that <code>kioskctl central login</code> printed.</p>");
    } else {
        // Spent only by the button: a link previewer or prefetch that opens it spends nothing.
        res = page(200, "运维控制台登录 · Console sign-in",
                   "<form method=\"post\" action=\"/console/login\"><input type=\"hidden\" "
                   "name=\"token\" value=\"" +
                       token +
                       "\"><button class=\"primary big\" type=\"submit\" id=\"enter\">进入控制台 · "
                       "Enter</button></form><p>链接只能使用一次，几分钟内有效。· The link works "
                       "once, for a few minutes.</p>");
    }
    addConsoleHeaders(res);
    return res;
}

net::HttpResponse ConsoleRoutes::signIn(const net::HttpRequest& req) {
    auto made = p_.access.signIn(formField(req.body, "token"), now());
    net::HttpResponse res;
    if (!made) {
        p_.failed(p_.clientOf(req));
        std::fprintf(stderr, "central: console sign-in refused from %s: %s\n",
                     p_.clientOf(req).c_str(), made.error().code.c_str());
        res = page(403, "无法登录 · Cannot sign in",
                   "<p>" + escapeHtml(made.message()) +
                       "</p><p>请重新运行 <code>kioskctl central login</code>。</p>");
        addConsoleHeaders(res);
        return res;
    }
    const auto& [id, session] = *made;
    (void)p_.audit.record({now(), session.maintainer, "console", "login", "",
                           std::string(consoleRoleCode(session.role)), p_.clientOf(req)});
    res.status = 303;
    res.contentType = "text/plain";
    res.headers.emplace_back("Location", "/console/");
    res.headers.emplace_back("Set-Cookie",
                             std::string(kCookie) + "=" + id +
                                 "; Path=/console; HttpOnly; Secure; SameSite=Strict; Max-Age=" +
                                 std::to_string(p_.access.sessionLength().count() / 1000));
    addConsoleHeaders(res);
    return res;
}

net::HttpResponse ConsoleRoutes::signOut(const net::HttpRequest& req) {
    return api(
        req,
        [this](const ConsoleSession& s, const net::HttpRequest& r) -> Result<json> {
            if (auto ended = p_.access.signOut(cookieValue(r.header("Cookie"), kCookie), now());
                !ended)
                return ended.error();
            (void)p_.audit.record(
                {now(), s.maintainer, "console", "logout", "", "", p_.clientOf(r)});
            return json{{"signed_out", true}};
        },
        ConsoleRole::Viewer);
}

Result<json> ConsoleRoutes::ask(const ConsoleSession& s, const net::HttpRequest& req,
                                const std::string& path, const nlohmann::json& body) {
    return p_.admin(path, body, AdminCaller{s.maintainer, "console", p_.clientOf(req)});
}

Result<json> ConsoleRoutes::terminal(const ConsoleSession& s, const net::HttpRequest& req) {
    const std::string id = req.param("id").value_or("");
    auto fleet = ask(s, req, "/api/v1/admin/terminals", {{"terminal_id", id}});
    if (!fleet)
        return fleet.error();
    json found;
    for (const auto& t : (*fleet)["terminals"]) {
        if (t["id"] == id)
            found = t;
    }
    if (found.is_null())
        return fail("central.unknown_terminal",
                    "no terminal \"" + utf8::truncateBytes(id, 64) + "\" is enrolled");
    auto alerts = ask(s, req, "/api/v1/admin/alerts", {{"terminal_id", id}});
    if (!alerts)
        return alerts.error();
    found["alert_history"] = (*alerts)["alerts"];
    auto history = ask(s, req, "/api/v1/admin/history", {{"terminal_id", id}});
    if (!history)
        return history.error();
    found["software_history"] = (*history)["history"];
    auto orders = p_.orders.ordersOf(id, 20);
    if (!orders)
        return orders.error();
    json list = json::array();
    for (const auto& o : *orders) {
        const bool open = o.status == "pending" || o.status == "sent";
        list.push_back({{"id", o.order.id},
                        {"kind", std::string(orders::orderKindCode(o.order.kind))},
                        {"message", o.order.message},
                        {"by", o.order.by},
                        {"issued_at", o.order.issuedAtMs},
                        {"status", open && now() >= o.order.expiresAtMs ? "expired" : o.status},
                        {"detail", o.detail},
                        {"finished_at", o.finishedAtMs}});
    }
    found["orders"] = list;
    auto shot = p_.orders.screenshot(id);
    if (!shot)
        return shot.error();
    if (*shot)
        found["screenshot"] = {{"order_id", (*shot)->orderId}, {"taken_at", (*shot)->takenAtMs}};
    return found;
}

Result<json> ConsoleRoutes::placeOrder(const ConsoleSession& s, const net::HttpRequest& req) {
    const auto body = parseUntrustedJson(req.body);
    if (!body.is_object())
        return fail("sync.bad_request", "an order is a JSON object: terminal_id, kind, message");
    // The maintainers' API checks it, signs it with the order key and writes the audit log.
    return ask(s, req, "/api/v1/admin/orders", body);
}

net::HttpResponse ConsoleRoutes::screenshot(const net::HttpRequest& req) {
    auto session = sessionOf(req);
    if (!session)
        return errorAnswer(session.error());
    auto shot = p_.orders.screenshot(req.param("terminal").value_or(""));
    if (!shot)
        return errorAnswer(shot.error());
    if (!*shot)
        return errorAnswer(fail("central.unknown_order", "no screenshot of this terminal yet"));
    net::HttpResponse res;
    res.body = (*shot)->png;
    res.contentType = "image/png";
    res.headers.emplace_back("Cache-Control", "no-store");
    addConsoleHeaders(res);
    return res;
}

}  // namespace hall

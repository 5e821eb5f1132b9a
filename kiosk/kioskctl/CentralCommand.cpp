#include "kioskctl/CentralCommand.h"

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "config/HallConfig.h"
#include "config/TomlSection.h"
#include "kioskctl/SoftwarePublish.h"
#include "sync/Bundle.h"
#include "sync/CentralAdmin.h"
#include "sync/CentralLink.h"
#include "text/UntrustedJson.h"
#include "update/SoftwareRelease.h"

namespace hall {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr const char* kUsage =
    "usage: kioskctl central enrol --config HALL --code CODE\n"
    "       kioskctl central key --id ID --out FILE [--pub-dir DIR]\n"
    "       kioskctl central code --central-config FILE --hall HALL [--district D] [--days N]\n"
    "       kioskctl central terminals --central-config FILE [--json]\n"
    "       kioskctl central revoke --central-config FILE --terminal ID\n"
    "       kioskctl central publish --central-config FILE --kind config|catalog|issuer_keys\n"
    "                --version N --to all|district:D|hall:H BUNDLE-FILE\n"
    "       kioskctl central publish --central-config FILE --kind software --version N\n"
    "                --to all|district:D|hall:H --software VERSION [--window HH:MM-HH:MM]\n"
    "                [--prove-seconds S] [--stages STAGES] [--halt-after N] [--rollback]\n"
    "                TREE-FOLDER   (STAGES: name=SCOPE[@PERCENT];… in order, SCOPE all,\n"
    "                district:D, hall:H or terminals:ID,ID; e.g. "
    "pilot=hall:H1;east=district:D;all=all)\n"
    "       kioskctl central rollouts --central-config FILE [--pause|--resume|--cancel ID] "
    "[--json]\n"
    "       kioskctl central history --central-config FILE --terminal ID [--json]\n"
    "       kioskctl central bundles --central-config FILE [--json]\n"
    "       kioskctl central stats --central-config FILE --day YYYY-MM-DD [--hall H] [--json]\n"
    "       kioskctl central alerts --central-config FILE [--terminal ID] [--json]\n"
    "       kioskctl central uptime --central-config FILE --day YYYY-MM-DD [--json]\n"
    "       kioskctl central login --central-config FILE   (prints a one-time console link)\n"
    "       kioskctl central order --central-config FILE --terminal ID\n"
    "                --kind screenshot|restart|out_of_service|in_service [--message TEXT]\n";

struct Args {
    const std::vector<std::string>& list;
    std::string option(const std::string& name) const {
        for (size_t i = 0; i + 1 < list.size(); ++i) {
            if (list[i] == name)
                return list[i + 1];
        }
        return {};
    }
    bool flag(const std::string& name) const {
        for (const auto& a : list) {
            if (a == name)
                return true;
        }
        return false;
    }
    // The last argument when it is not an option's value: the file to publish.
    std::string lastPlain() const {
        if (list.size() < 3)
            return {};
        const std::string& last = list.back();
        const std::string& before = list[list.size() - 2];
        if (last.rfind("--", 0) == 0 ||
            (before.rfind("--", 0) == 0 && before != "--json" && before != "--rollback"))
            return {};
        return last;
    }
};

int problem(const std::string& what, int status = 1) {
    std::fprintf(stderr, "kioskctl: %s\n", what.c_str());
    return status;
}

// The maintainer's side: where the central is, its certificate, the maintainer's key.
struct MaintainerSetup {
    CentralEndpoint central{"", ""};
    DeviceKey key;
};

Result<MaintainerSetup> loadMaintainerSetup(const fs::path& file) {
    auto text = readTextFile(file);
    if (!text)
        return text.error();
    ConfigProblems problems(file);
    auto table = parseToml(*text, problems);
    if (!table)
        return problems.toError();
    const fs::path base = fs::absolute(file).parent_path();
    auto resolve = [&](const std::string& p) {
        return fs::path(p).is_absolute() ? fs::path(p) : (base / p).lexically_normal();
    };
    TomlSection root(*table, "", problems);
    MaintainerSetup setup;
    fs::path keyFile;
    if (auto central = root.table("central", true)) {
        if (auto url = central->text("url", true)) {
            if (url->rfind("https://", 0) != 0)
                central->problem("url", "must start with https://");
            setup.central.url = *url;
        }
        if (auto cert = central->text("certificate", true))
            setup.central.certificate = resolve(*cert);
        if (auto key = central->text("key_file", true))
            keyFile = resolve(*key);
        central->rejectUnknownKeys();
    }
    root.rejectUnknownKeys();
    if (!problems.empty())
        return problems.toError();
    auto key = DeviceKey::load(keyFile);
    if (!key)
        return fail(key.message() + " (make one with kioskctl central key)");
    setup.key = std::move(key).value();
    return setup;
}

// --stages "pilot=hall:H1;east=district:D@50;all=all" as the central's rollout plan.
Result<json> rolloutPlan(const std::string& spec, const std::string& haltAfter) {
    json stages = json::array();
    size_t start = 0;
    while (start <= spec.size()) {
        const size_t end = std::min(spec.find(';', start), spec.size());
        const std::string part = spec.substr(start, end - start);
        start = end + 1;
        if (part.empty())
            continue;
        const auto eq = part.find('=');
        if (eq == std::string::npos || eq == 0)
            return fail("--stages: \"" + part + "\" is not name=SCOPE[@PERCENT]");
        json stage{{"name", part.substr(0, eq)}};
        std::string scope = part.substr(eq + 1);
        if (const auto at = scope.find('@'); at != std::string::npos) {
            try {
                stage["share"] = std::stoi(scope.substr(at + 1));
            } catch (const std::exception&) {
                return fail("--stages: \"" + part + "\": the share after @ is a percentage");
            }
            scope.resize(at);
        }
        if (scope.rfind("terminals:", 0) == 0) {
            json ids = json::array();
            std::string list = scope.substr(10);
            for (size_t p = 0; p <= list.size();) {
                const size_t comma = std::min(list.find(',', p), list.size());
                if (comma > p)
                    ids.push_back(list.substr(p, comma - p));
                p = comma + 1;
            }
            stage["terminals"] = ids;
        } else {
            stage["scope"] = scope;
        }
        stages.push_back(stage);
    }
    json plan{{"stages", stages}};
    if (!haltAfter.empty()) {
        try {
            plan["halt_after"] = std::stoi(haltAfter);
        } catch (const std::exception&) {
            return fail("--halt-after: a number of failed terminals");
        }
    }
    return plan;
}

// A software bundle's content: the tree uploaded, and the release naming it.
Result<std::string> softwareContent(const Args& args, const CentralEndpoint& central,
                                    const DeviceKey& key, const Clock& clock,
                                    const std::string& tree) {
    update::SoftwareRelease release;
    release.version = args.option("--software");
    if (!update::isValidVersion(release.version))
        return fail("--software VERSION: letters, digits and . - _ + (the release's version)");
    if (!args.option("--window").empty()) {
        auto window = update::MaintenanceWindow::parse(args.option("--window"));
        if (!window)
            return window.error();
        release.window = *window;
    }
    if (!args.option("--prove-seconds").empty()) {
        try {
            release.proveSeconds = std::stoi(args.option("--prove-seconds"));
        } catch (const std::exception&) {
            return fail("--prove-seconds: a whole number of seconds (10 to 3600)");
        }
    }
    release.rollback = args.flag("--rollback");
    auto uploaded = uploadSoftwareRelease(central, key, clock, tree, release);
    if (!uploaded)
        return uploaded.error();
    return update::softwareReleaseToml(*uploaded);
}

int enrol(const Args& args) {
    if (args.option("--code").empty())
        return problem(kUsage, 2);
    const std::string hallFile =
        args.option("--config").empty() ? "config/hall.toml" : args.option("--config");
    auto config = loadHallConfig(hallFile);
    if (!config)
        return problem(config.message(), 2);
    if (config->central.url.empty())
        return problem(hallFile + " has no [central] url", 2);
    auto key = DeviceKey::load(config->central.keyFile);
    if (!key) {
        // First enrolment: a new key, kept before asking, so a retry uses the same one.
        key = DeviceKey::generate(config->hallId, DeviceRole::Kiosk);
        std::error_code ec;
        fs::create_directories(config->central.keyFile.parent_path(), ec);
        if (!key || !key->save(config->central.keyFile))
            return problem("cannot write " + config->central.keyFile.string());
    }
    auto enrolled = enrolWithCentral({config->central.url, config->central.certificate},
                                     args.option("--code"), *key, "kiosk");
    if (!enrolled)
        return problem("enrolment refused: " + enrolled.message());
    // Bundles published for a district are taken only by halls that know they are in it; the
    // console's orders only signed by the key the central named.
    if (auto r = keepEnrolment(*enrolled, config->central.keyFile); !r)
        return problem(r.message());
    std::printf(
        "enrolled %s with %s%s\n", key->id.c_str(), config->central.url.c_str(),
        enrolled->district.empty() ? "" : (" (district " + enrolled->district + ")").c_str());
    return 0;
}

int makeKey(const Args& args) {
    const std::string id = args.option("--id");
    const std::string out = args.option("--out");
    if (id.empty() || out.empty())
        return problem(kUsage, 2);
    if (fs::exists(out))
        return problem(out + " exists; a maintainer's key is made once", 2);
    auto key = DeviceKey::generate(id, DeviceRole::Maintainer);
    if (!key)
        return problem(key.message());
    std::error_code ec;
    fs::create_directories(fs::path(out).parent_path(), ec);
    if (auto r = key->save(out); !r)
        return problem(r.message());
    if (const std::string dir = args.option("--pub-dir"); !dir.empty()) {
        if (auto r = key->savePublic(dir); !r)
            return problem(r.message());
    }
    const std::string pub = toBase64(key->publicKey);
    std::printf(
        "# central.toml: this maintainer may use the central service and publish\n"
        "[[maintainers]]\nid = \"%s\"\npublic_key = \"%s\"\n\n"
        "# hall.toml of every hall that takes this maintainer's bundles\n"
        "[[central.publishers]]\nid = \"%s\"\npublic_key = \"%s\"\n",
        id.c_str(), pub.c_str(), id.c_str(), pub.c_str());
    return 0;
}

std::string when(int64_t ms) {
    if (ms == 0)
        return "never";
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%SZ", &tm);
    return text;
}

void printTerminals(const json& answer) {
    for (const auto& t : answer.value("terminals", json::array())) {
        std::printf(
            "%-20s hall %-20s %-10s last contact %s, %lld events, backlog %lld, "
            "bundles %s%s%s%s\n",
            t.value("id", "").c_str(), t.value("hall_id", "").c_str(),
            t.value("revoked", false) ? "REVOKED" : "",
            when(t.value("last_contact", int64_t{0})).c_str(),
            static_cast<long long>(t.value("events", int64_t{0})),
            static_cast<long long>(t.value("backlog", int64_t{0})),
            t.value("bundles", json::object()).dump().c_str(),
            t.value("last_error", "").empty() ? "" : "; upload error: ",
            t.value("last_error", "").c_str(),
            t.value("bundle_error", "").empty()
                ? ""
                : ("; refused a bundle: " + t.value("bundle_error", "")).c_str());
        // Its health: green, amber or red, and why.
        const auto h = t.value("health", json::object());
        if (!h.empty()) {
            std::printf("%-20s %s, last heartbeat %s\n", "", h.value("state", "").c_str(),
                        when(h.value("last_heartbeat", int64_t{0})).c_str());
            for (const auto& a : h.value("alerts", json::array()))
                std::printf("%-20s   %s %s since %s: %s\n", "", a.value("severity", "").c_str(),
                            a.value("code", "").c_str(), when(a.value("since", int64_t{0})).c_str(),
                            a.value("detail", "").c_str());
        }
        // What the terminal's software is, and where its updater stands.
        const auto u = t.value("software_update", json::object());
        if (!u.value("running", "").empty()) {
            std::printf("%-20s software %s, downloaded %s, updater %s%s%s\n", "",
                        u.value("running", "").c_str(),
                        u.value("downloaded", "").empty() ? "-" : u.value("downloaded", "").c_str(),
                        u.value("phase", "").c_str(),
                        u.value("last_failure", "").empty() ? "" : "; last failure: ",
                        u.value("last_failure", "").c_str());
        }
    }
}

void printStats(const json& answer) {
    std::printf("%s\n", answer.value("day", "").c_str());
    for (const auto& h : answer.value("halls", json::array())) {
        const auto& t = h["tickets"];
        const auto& w = h["wait_minutes"];
        const auto& r = h["ratings"];
        std::printf(
            "  %s: %lld tickets, %lld called, %lld finished, %lld no-shows; wait mean "
            "%.1f min, p90 %.1f; %lld ratings, mean %.1f; not issued %lld %s; help called %lld, "
            "answered %lld\n",
            h.value("hall_id", "").c_str(), static_cast<long long>(t.value("issued", int64_t{0})),
            static_cast<long long>(t.value("called", int64_t{0})),
            static_cast<long long>(t.value("finished", int64_t{0})),
            static_cast<long long>(t.value("no_show", int64_t{0})), w.value("mean", 0.0),
            w.value("p90", 0.0), static_cast<long long>(r.value("count", int64_t{0})),
            r.value("mean", 0.0),
            static_cast<long long>(h["not_issued"].value("total", int64_t{0})),
            h["not_issued"].value("by_department", json::object()).dump().c_str(),
            static_cast<long long>(
                h.value("help_calls", json::object()).value("called", int64_t{0})),
            static_cast<long long>(
                h.value("help_calls", json::object()).value("acknowledged", int64_t{0})));
    }
}

void printAnswer(const std::string& command, const json& answer, bool asJson) {
    if (asJson) {
        std::printf("%s\n", dumpJson(answer).c_str());
    } else if (command == "code") {
        std::printf("%s\n", answer.value("code", "").c_str());
    } else if (command == "terminals") {
        printTerminals(answer);
    } else if (command == "stats") {
        printStats(answer);
    } else if (command == "rollouts") {
        for (const auto& r : answer.value("rollouts", json::array())) {
            std::printf(
                "rollout %lld: software %s (bundle %lld), %s; %lld failed of %lld allowed, "
                "by %s\n",
                static_cast<long long>(r.value("id", int64_t{0})), r.value("version", "").c_str(),
                static_cast<long long>(r.value("bundle_version", int64_t{0})),
                r.value("status", "").c_str(),
                static_cast<long long>(r.value("failed", int64_t{0})),
                static_cast<long long>(r.value("halt_after", int64_t{0})),
                r.value("created_by", "").c_str());
            const size_t current = r.value("current_stage", size_t{0});
            size_t i = 0;
            for (const auto& s : r.value("stages", json::array())) {
                std::printf(
                    "  %s %-12s %lld terminals: %lld running it, %lld went back, %lld to "
                    "go\n",
                    i < current ? "done" : (i == current ? "now " : "next"),
                    s.value("name", "").c_str(),
                    static_cast<long long>(s.value("terminals", int64_t{0})),
                    static_cast<long long>(s.value("succeeded", int64_t{0})),
                    static_cast<long long>(s.value("failed", int64_t{0})),
                    static_cast<long long>(s.value("pending", int64_t{0})));
                ++i;
            }
        }
    } else if (command == "history") {
        for (const auto& e : answer.value("history", json::array())) {
            const auto u = e.value("software_update", json::object());
            std::printf("%s  running %s, downloaded %s, %s%s%s\n",
                        when(e.value("at", int64_t{0})).c_str(), u.value("running", "").c_str(),
                        u.value("downloaded", "").c_str(), u.value("phase", "").c_str(),
                        u.value("last_failure", "").empty() ? "" : "; failed: ",
                        u.value("last_failure", "").c_str());
        }
    } else if (command == "order") {
        std::printf("order %s: %s of %s, waiting for the terminal's next heartbeat\n",
                    answer.value("order_id", "").c_str(), answer.value("kind", "").c_str(),
                    answer.value("terminal_id", "").c_str());
    } else if (command == "alerts") {
        for (const auto& a : answer.value("alerts", json::array())) {
            const int64_t cleared = a.value("cleared", int64_t{0});
            std::printf("%-20s %-5s %-22s %s – %s  %s\n", a.value("terminal_id", "").c_str(),
                        a.value("severity", "").c_str(), a.value("code", "").c_str(),
                        when(a.value("since", int64_t{0})).c_str(),
                        cleared ? when(cleared).c_str() : "now", a.value("detail", "").c_str());
        }
    } else if (command == "uptime") {
        std::printf("%s\n", answer.value("day", "").c_str());
        for (const auto& h : answer.value("halls", json::array())) {
            const json share = h.value("uptime", json());
            char percent[32] = "no opening hours yet";
            if (share.is_number())
                std::snprintf(percent, sizeof percent, "%.1f %%", share.get<double>() * 100);
            std::printf("  %-20s %-12s %s of opening hours green (%lld terminals, %lld alerts)\n",
                        h.value("hall_id", "").c_str(), h.value("district", "").c_str(), percent,
                        static_cast<long long>(h.value("terminals", int64_t{0})),
                        static_cast<long long>(h.value("alerts", int64_t{0})));
        }
    } else if (command == "bundles") {
        for (const auto& b : answer.value("bundles", json::array())) {
            std::printf(
                "%-12s version %-5lld %-24s signed by %s, published %s, terminals with it in "
                "force: %lld\n",
                b.value("kind", "").c_str(), static_cast<long long>(b.value("version", int64_t{0})),
                b.value("scope", "").c_str(), b.value("signer", "").c_str(),
                when(b.value("published_at", int64_t{0})).c_str(),
                static_cast<long long>(b.value("terminals_in_force", int64_t{0})));
        }
    } else {
        std::printf("%s\n", dumpJson(answer).c_str());
    }
}

int maintainerCommand(const std::string& command, const Args& args) {
    const std::string setupFile = args.option("--central-config");
    if (setupFile.empty())
        return problem(kUsage, 2);
    auto setup = loadMaintainerSetup(setupFile);
    if (!setup)
        return problem(setup.message(), 2);
    const SystemClock clock;
    std::string path;
    json body = json::object();
    if (command == "code") {
        if (args.option("--hall").empty())
            return problem(kUsage, 2);
        path = sync::kPathAdminCodes;
        body = {{"hall_id", args.option("--hall")}, {"district", args.option("--district")}};
        if (!args.option("--days").empty()) {
            try {
                body["days"] = std::stoi(args.option("--days"));
            } catch (const std::exception&) {
                return problem("--days must be a number of days", 2);
            }
        }
    } else if (command == "terminals") {
        path = sync::kPathAdminTerminals;
    } else if (command == "revoke") {
        if (args.option("--terminal").empty())
            return problem(kUsage, 2);
        path = sync::kPathAdminRevoke;
        body = {{"terminal_id", args.option("--terminal")}};
    } else if (command == "publish") {
        auto kind = sync::bundleKindFromCode(args.option("--kind"));
        auto scope = sync::BundleScope::parse(args.option("--to"));
        const std::string file = args.lastPlain();
        int64_t version = 0;
        try {
            version = std::stoll(args.option("--version"));
        } catch (const std::exception&) {
        }
        if (!kind || version < 1 || file.empty())
            return problem(
                std::string(kUsage) +
                    "(--kind config|catalog|issuer_keys|software, --version 1 or more, and the "
                    "file or tree to publish last)",
                2);
        if (!scope)
            return problem(scope.message(), 2);
        auto content = *kind == sync::BundleKind::Software
                           ? softwareContent(args, setup->central, setup->key, clock, file)
                           : readTextFile(file);
        if (!content)
            return problem(content.message(), 2);
        // Signed here, on the maintainer's machine: the central service never holds the key.
        const sync::Bundle bundle{*kind,    version,      *scope, toUnixMillis(clock.now()),
                                  *content, setup->key.id};
        path = sync::kPathAdminPublish;
        body = json::parse(sync::signBundle(bundle, setup->key));
        if (*kind == sync::BundleKind::Software && !args.option("--stages").empty()) {
            auto plan = rolloutPlan(args.option("--stages"), args.option("--halt-after"));
            if (!plan)
                return problem(plan.message(), 2);
            body["rollout"] = *plan;
        }
    } else if (command == "rollouts") {
        path = sync::kPathAdminRollouts;
        for (const char* action : {"pause", "resume", "cancel"}) {
            const std::string id = args.option(std::string("--") + action);
            if (id.empty())
                continue;
            try {
                body = {{"action", action}, {"id", std::stoll(id)}};
            } catch (const std::exception&) {
                return problem(std::string("--") + action + " needs the rollout's number", 2);
            }
        }
    } else if (command == "history") {
        if (args.option("--terminal").empty())
            return problem(kUsage, 2);
        path = sync::kPathAdminHistory;
        body = {{"terminal_id", args.option("--terminal")}};
    } else if (command == "alerts") {
        path = sync::kPathAdminAlerts;
        body = {{"terminal_id", args.option("--terminal")}};
    } else if (command == "uptime") {
        if (args.option("--day").empty())
            return problem(kUsage, 2);
        path = sync::kPathAdminUptime;
        body = {{"day", args.option("--day")}};
    } else if (command == "bundles") {
        path = sync::kPathAdminBundles;
    } else if (command == "stats") {
        if (args.option("--day").empty())
            return problem(kUsage, 2);
        path = sync::kPathAdminStatistics;
        body = {{"day", args.option("--day")}};
        if (!args.option("--hall").empty())
            body["hall_id"] = args.option("--hall");
    } else if (command == "login") {
        path = sync::kPathAdminLogin;
    } else if (command == "order") {
        if (args.option("--terminal").empty() || args.option("--kind").empty())
            return problem(kUsage, 2);
        path = sync::kPathAdminOrders;
        body = {{"terminal_id", args.option("--terminal")},
                {"kind", args.option("--kind")},
                {"message", args.option("--message")}};
    } else {
        return problem(kUsage, 2);
    }
    auto answer = askCentral(setup->central, path, body, setup->key, clock);
    if (!answer)
        return problem(answer.message());
    answer->erase("server_time");
    if (command == "login") {
        // The link opens the console once, within minutes; the browser keeps a session cookie.
        (*answer)["link"] = setup->central.url + answer->value("path", "");
        if (!args.flag("--json")) {
            std::printf("%s\n(one use, for 5 minutes; signed in as %s)\n",
                        answer->value("link", "").c_str(), answer->value("role", "").c_str());
            return 0;
        }
    }
    // An answer of another shape than documented is reported, never a crash.
    try {
        printAnswer(command, *answer, args.flag("--json"));
    } catch (const json::exception&) {
        return problem("the central service's answer to " + path +
                       " is not as docs/central-api.yaml describes it; use --json to see it");
    }
    return 0;
}

}  // namespace

int runCentralCommand(const std::vector<std::string>& args) {
    if (args.size() < 2)
        return problem(kUsage, 2);
    const Args a{args};
    if (args[1] == "enrol")
        return enrol(a);
    if (args[1] == "key")
        return makeKey(a);
    return maintainerCommand(args[1], a);
}

}  // namespace hall

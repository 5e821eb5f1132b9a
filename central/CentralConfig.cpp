#include "CentralConfig.h"

#include "config/HallConfig.h"
#include "config/TomlSection.h"

namespace hall {

Result<CentralConfig> loadCentralConfig(const std::filesystem::path& file) {
    auto table = readTomlFile(file);
    if (!table)
        return table.error();
    ConfigProblems problems(file);
    auto resolve = [&](const std::string& p) { return resolveAgainst(file.parent_path(), p); };
    CentralConfig c;
    TomlSection root(*table, "", problems);
    if (auto central = root.table("central", true)) {
        if (auto a = central->text("listen_address", false))
            c.server.listenAddress = *a;
        if (auto p = central->integer("port", false, 0, 65535))
            c.server.port = static_cast<int>(*p);
        if (auto cert = central->text("certificate", true))
            c.server.certificate = resolve(*cert);
        if (auto key = central->text("private_key", true))
            c.server.privateKey = resolve(*key);
        if (auto dir = central->text("maintainers_dir", false))
            addMaintainerKeys(*central, "maintainers_dir", resolve(*dir), c.server.maintainers);
        if (auto dir = central->text("payload_dir", false))
            c.server.payloadDir = resolve(*dir);
        if (auto proxies = central->textList("trusted_proxies", false))
            c.server.trustedProxies = *proxies;
        if (auto db = central->text("database", true)) {
            const bool uri = db->rfind("postgresql://", 0) == 0 || db->rfind("postgres://", 0) == 0;
            c.database = uri ? *db : resolve(*db).string();
        }
        central->rejectUnknownKeys();
    }
    // Next to central.toml unless it says: every instance sharing a database needs this file.
    c.server.orderKey = resolve("orders.key");
    if (auto console = root.table("console", false)) {
        if (auto dir = console->text("pages_dir", false))
            c.server.consolePages = resolve(*dir);
        if (auto chart = console->text("chart_js", false))
            c.server.chartJs = resolve(*chart);
        if (auto key = console->text("order_key", false))
            c.server.orderKey = resolve(*key);
        console->rejectUnknownKeys();
    }
    if (auto roles = root.table("roles", false)) {
        for (const auto& [key, value] : roles->raw()) {
            const std::string id(key.str());
            auto code = roles->text(id, true);
            if (!code)
                continue;
            if (auto role = consoleRoleFromCode(*code))
                c.server.roles[id] = *role;
            else
                roles->problem(id, "must be viewer, operator or publisher");
        }
    }
    if (auto health = root.table("health", false)) {
        HealthThresholds& h = c.server.health;
        if (auto s = health->integer("silent_after_s", false, 2, 86400))
            h.silentAfterMs = *s * 1000;
        if (auto s = health->integer("sweep_s", false, 1, 3600))
            c.server.sweepInterval = std::chrono::seconds(*s);
        if (auto mb = health->integer("disk_low_mb", false, 1, 1 << 20))
            h.diskLowBytes = *mb << 20;
        if (auto s = health->integer("clock_off_s", false, 1, 86400))
            h.clockOffMs = *s * 1000;
        if (auto s = health->integer("backlog_growing_s", false, 30, 86400))
            h.backlogGrowingMs = *s * 1000;
        if (auto n = health->integer("restarts_per_hour", false, 1, 1000))
            h.restartsPerHour = static_cast<int>(*n);
        health->rejectUnknownKeys();
    }
    for (auto& [id, key] : readPublicKeys(root, "maintainers",
                                          "as `kioskctl central key` prints it for a maintainer"))
        c.server.maintainers[id] = key;
    root.rejectUnknownKeys();
    if (!problems.empty())
        return problems.toError();
    return c;
}

}  // namespace hall

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
        if (auto db = central->text("database", true)) {
            const bool uri = db->rfind("postgresql://", 0) == 0 || db->rfind("postgres://", 0) == 0;
            c.database = uri ? *db : resolve(*db).string();
        }
        central->rejectUnknownKeys();
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

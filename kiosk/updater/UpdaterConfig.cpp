#include "updater/UpdaterConfig.h"

#include "config/TomlSection.h"

namespace hall {

Result<UpdaterConfig> loadUpdaterConfig(const std::filesystem::path& file) {
    auto table = readTomlFile(file);
    if (!table)
        return table.error();
    ConfigProblems problems(file);
    auto resolve = [&](const std::string& p) { return resolveAgainst(file.parent_path(), p); };
    UpdaterConfig c;
    c.packagedVersion = HALL_VERSION;
    TomlSection root(*table, "", problems);
    std::filesystem::path hallFile;
    if (auto f = root.text("hall_config", true))
        hallFile = resolve(*f);
    if (auto d = root.text("releases_dir", false))
        c.releasesDir = resolve(*d);
    if (auto r = root.text("restart_command", false))
        c.restartCommand = *r;
    if (auto s = root.integer("check_seconds", false, 1, 86400))
        c.checkSeconds = static_cast<int>(*s);
    if (auto m = root.integer("margin_mib", false, 0, int64_t{1} << 30))
        c.marginMiB = *m;
    if (auto v = root.text("packaged_version", false))
        c.packagedVersion = *v;
    root.rejectUnknownKeys();
    if (!problems.empty())
        return problems.toError();
    auto hall = loadHallConfig(hallFile);
    if (!hall)
        return hall.error();
    c.hall = std::move(hall).value();
    if (c.hall.central.url.empty() || c.hall.central.publishers.empty()) {
        return fail(hallFile.string() +
                    ": [central] needs url and the maintainers' keys: the updater takes software "
                    "only from the central, signed by a maintainer");
    }
    return c;
}

}  // namespace hall

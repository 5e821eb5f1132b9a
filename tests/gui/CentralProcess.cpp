#include "gui/CentralProcess.h"

#include <doctest/doctest.h>

#include <regex>
#include <thread>

#include "lan/HallCertificate.h"
#include "support/KioskRun.h"

namespace hall::test {

CentralProcess::CentralProcess(std::vector<std::string> ids, const std::string& extraConfig)
    : maintainers(std::move(ids)) {
    REQUIRE(ensureHallCertificate(dir / "cert.pem", dir / "key.pem", "central", {"127.0.0.1"}));
    for (const auto& id : maintainers) {
        const auto key = runCommand({kioskctlBinary(), "central", "key", "--id", id, "--out",
                                     (dir / (id + ".key")).string(), "--pub-dir",
                                     (dir / "maintainers").string()});
        REQUIRE_MESSAGE(key.exitCode == 0, key.output);
    }
    writeFile(dir / "central.toml",
              "[central]\nlisten_address = \"127.0.0.1\"\nport = 0\ncertificate = "
              "\"cert.pem\"\nprivate_key = \"key.pem\"\ndatabase = \"central.db\"\n"
              "maintainers_dir = \"maintainers\"\n" +
                  extraConfig);
    process = std::make_unique<Subprocess>(
        std::vector<std::string>{HALL_CENTRAL_BINARY, "serve", "--config",
                                 (dir / "central.toml").string()},
        std::vector<std::string>{}, dir / "central.log");
    const std::regex serving(R"(serving (https://127\.0\.0\.1:\d+))");
    for (int i = 0; i < 100 && url.empty(); ++i) {
        std::smatch m;
        const std::string text = log();
        if (std::regex_search(text, m, serving))
            url = m[1];
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    REQUIRE_MESSAGE(!url.empty(), log());
    for (const auto& id : maintainers) {
        writeFile(dir / (id + ".toml"), "[central]\nurl = \"" + url +
                                            "\"\ncertificate = \"cert.pem\"\nkey_file = \"" + id +
                                            ".key\"\n");
    }
}

RunResult CentralProcess::kioskctl(std::vector<std::string> args,
                                   const std::string& maintainer) const {
    const std::string id = maintainer.empty() ? maintainers.front() : maintainer;
    args.insert(args.begin(), {kioskctlBinary(), "central"});
    args.insert(args.begin() + 3, {"--central-config", (dir / (id + ".toml")).string()});
    return runCommand(args);
}

std::string CentralProcess::loginLink(const std::string& maintainer) const {
    const auto r = kioskctl({"login"}, maintainer);
    REQUIRE_MESSAGE(r.exitCode == 0, r.output);
    return r.output.substr(0, r.output.find('\n'));
}

}  // namespace hall::test

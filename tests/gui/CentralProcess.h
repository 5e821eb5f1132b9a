#pragma once
// The real central binary for the GUI and console tests, on a port of its choosing (read from
// what it says when serving), with maintainers' keys made by the real kioskctl.
#include <memory>
#include <string>
#include <vector>

#include "support/Subprocess.h"
#include "support/TempDir.h"

namespace hall::test {

struct CentralProcess {
    // `maintainers`: key ids made and trusted (the first is the one kioskctl uses unless told);
    // `extraConfig`: more of central.toml ([health], [roles], …).
    explicit CentralProcess(std::vector<std::string> maintainers = {"maint-test"},
                            const std::string& extraConfig = "");

    // kioskctl central … as `maintainer`.
    RunResult kioskctl(std::vector<std::string> args, const std::string& maintainer = "") const;
    // A one-time console sign-in link for `maintainer` (kioskctl central login).
    std::string loginLink(const std::string& maintainer = "") const;
    std::string log() const { return readFile(dir / "central.log"); }

    TempDir dir{"gui-central"};
    std::unique_ptr<Subprocess> process;
    std::string url;
    std::vector<std::string> maintainers;
};

}  // namespace hall::test

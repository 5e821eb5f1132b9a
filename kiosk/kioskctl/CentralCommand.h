#pragma once
#include <string>
#include <vector>

namespace hall {

// kioskctl central …: the central service from a shell.
// - Terminals: `enrol --config HALL --code CODE` makes this hall terminal's key (once, at
//   central.key_file) and enrols it with the central service in the hall config, using a
//   maintainer's one-time code.
// - Maintainers: `key` makes a maintainer's key; `code`, `terminals`, `revoke`, `publish`,
//   `bundles` and `stats` ask the central service, signed with that key, where
//   `--central-config FILE` ([central] url, certificate, key_file) says. `--json` prints the
//   central's answer for scripts.
int runCentralCommand(const std::vector<std::string>& args);

}  // namespace hall

#pragma once
#include <string>
#include <vector>

namespace hall {

// kioskctl central enrol --config HALL --code CODE: makes this hall terminal's key (once, at
// central.key_file) and enrols it with the central service named in the hall config, using a
// one-time code from a maintainer (`central code --hall HALL`).
int runCentralCommand(const std::vector<std::string>& args);

}  // namespace hall

#pragma once
#include <string>
#include <vector>

namespace hall {

// kioskctl lan …: enrol devices, show the hall's certificate.
int runLanCommand(const std::vector<std::string>& args);
// kioskctl staff hash-pin: the argon2id hash of a PIN read from standard input.
int runStaffHashPin();
// kioskctl hall …: the hall LAN API from a maintainer's shell.
int runHallCommand(const std::vector<std::string>& args);
// kioskctl simulate …: a simulated hall day on the real queue engine.
int runSimulate(const std::vector<std::string>& args);

}  // namespace hall

#pragma once
#include <string>
#include <vector>

namespace hall {

// kioskctl identity verify [--config HALL] [--at UNIX_SECONDS] [--json] PAYLOAD...: verifies
// each payload (or, with none, each line of standard input, which keeps a resident's code out
// of the shell's history) as the terminal does, with the hall's issuer keys, and prints one
// line each: {"valid","kind","masked_id","reason"}. Exit status 0 when every one is valid.
int runIdentityVerify(const std::vector<std::string>& args);

}  // namespace hall

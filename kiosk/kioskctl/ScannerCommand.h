#pragma once
#include <string>
#include <vector>

namespace hall {

// kioskctl scanner test [--config HALL] [--seconds N]: starts the scanners the hall config
// lists and, for N seconds (default 30), shows what each reports: connected, disconnected, and
// for each code its length and what the terminal would make of it (kind and masked identity,
// or the reason it is refused) — never the code itself, which may be a resident's.
int runScannerTest(const std::vector<std::string>& args);

}  // namespace hall

#pragma once
#include <string>
#include <vector>

namespace hall {

// kioskctl decode [--json] [--plain] IMAGE...: reads the QR code in each image as the terminal's
// camera path does, one line each: {"file","ok","text","format","ms"}. --plain makes one plain
// ZXing call instead (to compare). Exit status 0 when every image held a readable code.
int runDecode(const std::vector<std::string>& args);

}  // namespace hall

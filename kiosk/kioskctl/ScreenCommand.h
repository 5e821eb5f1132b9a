#pragma once
#include <string>
#include <vector>

namespace hall {

// kioskctl screen [--catalog FILE] [--config HALL] [--day YYYY-MM-DD] [--json] TEXT...: screens
// each TEXT (or, with none, each line of standard input) against a proof catalogue the way the
// terminal does, one line per query. Maintainers use it to check a new catalogue version
// against residents' words before publishing it.
int runScreen(const std::vector<std::string>& args);

}  // namespace hall

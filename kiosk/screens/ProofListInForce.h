#pragma once
#include <string>

#include "screens/ScreenContext.h"

namespace hall {

// Which list the answers come from, and since when (依据：…清单（2020-06-01 起施行）): cities'
// lists differ, and what one permits another may not, so residents and staff see whose it is.
std::string proofListInForce(ScreenContext& ctx);

}  // namespace hall

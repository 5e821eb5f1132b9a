#pragma once
#include <memory>
#include <set>
#include <string>

#include "Result.h"

namespace hall {

// A font face on this system, found through fontconfig (fonts come from the system, never from
// the repository).
struct FontFace {
    std::string file;
    int index = 0;  // the face within a .ttc collection
    std::string family;
    std::set<char32_t> missing(const std::set<char32_t>& wanted) const;

    std::shared_ptr<void> charset;  // FcCharSet*, kept for coverage checks
};

enum class FontWeight { Regular, Bold };

// The CJK face the kiosk draws with. Refuses a face that cannot draw Chinese (fontconfig's
// substitute when fonts-noto-cjk is missing), naming the package to install.
Result<FontFace> locateKioskFont(FontWeight weight);

}  // namespace hall

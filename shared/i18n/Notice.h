#pragma once
#include <string>

#include "i18n/Translations.h"

namespace hall {

// Something to tell a person, as a translation key and its arguments, so the logic decides
// what is said and the screen only says it in the chosen language. `detail` carries a
// technical message (from the hall, or a driver) for staff, when there is one.
struct Notice {
    std::string key;
    Translations::Args args;
    std::string detail;
};

}  // namespace hall

#pragma once
#include <string>
#include <vector>

#include "i18n/Translations.h"
#include "screens/Canvas.h"

namespace hall {

// The out-of-service notice (OutOfServiceRole): in each of `languages`, largest first, that
// self-service is paused and the front desk will help; then the reason, small, for staff.
// Without translations (`tr` null), the English words below, in whatever font there is.
void drawOutOfServiceScreen(Canvas& canvas, const Translations* tr,
                            const std::vector<std::string>& languages, const std::string& reason);

// The notice's words when no translation can be read.
const char* outOfServiceFallbackText();

}  // namespace hall

#pragma once
#include <nlohmann/json.hpp>

#include <string_view>

#include "Result.h"

namespace hall::sync {

// What each kind of outbox event carries (docs/central-api.yaml, Event): the central service
// checks every event against this when it arrives, so one malformed event — a bug, or a
// hostile terminal — is refused there and reported, and never reaches the statistics that
// every maintainer reads. Fields not listed are allowed (a newer terminal may add some); those
// listed must have their type, and required ones must be there. Errors name the field.
Result<void> checkEventPayload(std::string_view type, const nlohmann::json& payload);

}  // namespace hall::sync

#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "Result.h"
#include "lan/DeviceKey.h"
#include "sync/CentralLink.h"

namespace hall {

// A maintainer's request to the central service (docs/central-api.yaml, /api/v1/admin/…),
// signed with the maintainer's key; the answer's JSON, or why it was refused (the central's
// error code and message). A maintainer's clock that is off is corrected from the central's
// time and the request tried once more.
Result<nlohmann::json> askCentral(const CentralEndpoint& central, const std::string& path,
                                  const nlohmann::json& body, const DeviceKey& maintainer,
                                  const Clock& clock);
// The same with a body of raw bytes (a software release's download).
Result<nlohmann::json> askCentral(const CentralEndpoint& central, const std::string& path,
                                  const std::string& body, const DeviceKey& maintainer,
                                  const Clock& clock);

}  // namespace hall

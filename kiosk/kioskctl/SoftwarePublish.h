#pragma once
#include <filesystem>
#include <string>

#include "Result.h"
#include "lan/DeviceKey.h"
#include "sync/CentralLink.h"
#include "update/SoftwareRelease.h"

namespace hall {

// Makes a software release of an application tree (bin/kiosk, share/hall-terminal/…): the tree
// archived (update::writeTreeArchive) and compressed, the download uploaded to the central, and
// the release that names its hashes returned — to be signed into a software bundle.
Result<update::SoftwareRelease> uploadSoftwareRelease(const CentralEndpoint& central,
                                                      const DeviceKey& maintainer,
                                                      const Clock& clock,
                                                      const std::filesystem::path& tree,
                                                      update::SoftwareRelease release);

}  // namespace hall

#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "Result.h"

namespace hall {

// What a device on the hall LAN may do.
enum class DeviceRole { Counter, Display, Kiosk, Maintainer };
std::string_view roleCode(DeviceRole r);
std::optional<DeviceRole> roleFromCode(std::string_view code);

// A device's Ed25519 signing key (libsodium). The private half stays on the device, in a file
// only its user can read; the hall knows only the public half (<id>.pub in its devices folder),
// so a copied hall disk holds nothing that lets anyone act as a counter.
struct DeviceKey {
    std::string id;  // counter-1, display, maint-laptop: letters, digits, '-', '_'
    DeviceRole role = DeviceRole::Counter;
    std::string secretKey;  // 64 raw bytes
    std::string publicKey;  // 32 raw bytes

    static Result<DeviceKey> generate(const std::string& id, DeviceRole role);
    static Result<DeviceKey> load(const std::filesystem::path& file);
    Result<void> save(const std::filesystem::path& file) const;       // private key, mode 0600
    Result<void> savePublic(const std::filesystem::path& dir) const;  // dir/<id>.pub

    std::string sign(std::string_view message) const;  // base64 signature
};

struct EnrolledDevice {
    std::string id;
    DeviceRole role = DeviceRole::Counter;
    std::string publicKey;  // 32 raw bytes
};

// The devices of a folder of <id>.pub files, and what is wrong with the files that could not be
// read (each naming its file, line and field).
struct EnrolledDevices {
    std::map<std::string, EnrolledDevice> devices;
    std::vector<std::string> problems;
};

// Reads every <id>.pub in `dir`. A malformed file is reported, not skipped silently; whether
// the others are used without it is the caller's choice.
EnrolledDevices loadEnrolledDevices(const std::filesystem::path& dir);

bool verifySignature(const EnrolledDevice& device, std::string_view message,
                     std::string_view base64Signature);

std::string toBase64(std::string_view raw);
std::optional<std::string> fromBase64(std::string_view text);

}  // namespace hall

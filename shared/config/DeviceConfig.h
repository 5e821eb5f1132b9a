#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "Result.h"

namespace hall {

// The configuration of a device that is a client of the hall: a staff counter or the call
// display (kiosk --role counter|display). Documented in config/README.md.
struct DeviceConfig {
    std::filesystem::path sourceFile;
    std::filesystem::path keyFile;          // the device's private key (its id and role inside)
    int window = 0;                         // counters: the window this counter is
    std::string hallUrl;                    // https://host:port
    std::filesystem::path hallCertificate;  // the hall's certificate, the only one trusted
    std::filesystem::path assetsDir;
    std::string language = "zh-CN";

    // The call display's voice and chime: "espeak" speaks through `audioDevice` (an ALSA
    // device, or a .wav file to record into); "none" stays silent.
    std::string voice = "espeak";
    std::string audioDevice = "default";
    int repeatAnnouncement = 2;  // 请A012号到3号窗口办理, said this many times
};

Result<DeviceConfig> loadDeviceConfig(const std::filesystem::path& file);

}  // namespace hall

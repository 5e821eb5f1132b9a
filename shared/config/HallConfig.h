#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "Result.h"
#include "config/LocalizedText.h"
#include "config/OpeningHours.h"
#include "queue/Priority.h"

namespace hall {

struct ServiceConfig {
    char letter = 'A';  // prefix of its ticket numbers: A001
    LocalizedText name;
    OpeningHours hours;
    int averageServiceMinutes = 5;  // starting estimate until service times are observed
};

struct PrinterConfig {
    enum class Kind { None, Simulated, File, Device, Tcp };
    Kind kind = Kind::None;
    std::filesystem::path path;  // file or device node
    std::string host;            // tcp: a raw (JetDirect) printer
    int port = 9100;
    int timeoutMs = 3000;
    std::string simulatedFault;  // simulated: "", "paper_out" or "offline"
};

struct HallConfig {
    std::filesystem::path sourceFile;

    std::string hallId;
    LocalizedText hallName;
    std::vector<std::string> languages;  // the first is the default
    int utcOffsetMinutes = 8 * 60;
    int staffedWindows = 2;

    int idleTimeoutSeconds = 45;
    int tapGuardMs = 400;  // taps this soon after a screen change are ignored (double taps)
    std::filesystem::path assetsDir;

    std::filesystem::path dataDir;

    int numberDigits = 3;
    int priorityBurst = 2;
    std::vector<PriorityCategory> priorityCategories;
    std::vector<ServiceConfig> services;

    PrinterConfig printer;

    const std::string& defaultLanguage() const { return languages.front(); }
    const ServiceConfig* findService(char letter) const;
};

// Languages the project ships translations for (assets/i18n).
const std::vector<std::string>& supportedLanguages();

// Parses and validates a hall configuration. Every problem is reported, one per line, as
// "FILE:LINE: FIELD: what is wrong", so a maintainer can fix the file without reading code.
// Relative paths in the file are resolved against the file's own folder.
Result<HallConfig> loadHallConfig(const std::filesystem::path& file);
Result<HallConfig> parseHallConfig(std::string_view text, const std::filesystem::path& file);

}  // namespace hall

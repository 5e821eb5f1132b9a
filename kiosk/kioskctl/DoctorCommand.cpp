#include "kioskctl/DoctorCommand.h"

#include <pwd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "config/HallConfig.h"
#include "config/LastGoodConfig.h"
#include "kioskctl/FontsCheck.h"
#include "lan/DeviceKey.h"
#include "lan/HallCertificate.h"
#include "printer/PrinterQuery.h"
#include "scan/ScanSources.h"
#include "store/HallStore.h"
#include "sync/CentralLink.h"

namespace hall {

namespace {

enum class Outcome { Ok, Warning, Failed };

struct Check {
    std::string name;
    Outcome outcome = Outcome::Ok;
    std::string detail;
    std::string fix;  // what to do, when not ok
};

Check ok(std::string name, std::string detail) {
    return {std::move(name), Outcome::Ok, std::move(detail), {}};
}
Check warning(std::string name, std::string detail, std::string fix) {
    return {std::move(name), Outcome::Warning, std::move(detail), std::move(fix)};
}
Check failed(std::string name, std::string detail, std::string fix) {
    return {std::move(name), Outcome::Failed, std::move(detail), std::move(fix)};
}

Check checkStore(const HallConfig& config) {
    const auto dir = config.dataDir;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        return failed("store", dir.string() + " does not exist",
                      "create it for the terminal's user: install -d -o hall -g hall -m 0750 " +
                          dir.string());
    }
    // The folder must be the terminal's to write; the service runs as the user hall.
    struct stat st {};
    if (const passwd* pw = getpwnam("hall");
        pw && ::stat(dir.c_str(), &st) == 0 && st.st_uid != pw->pw_uid) {
        return failed("store", dir.string() + " is not owned by the user hall",
                      "chown -R hall:hall " + dir.string());
    }
    if (::access(dir.c_str(), W_OK) != 0) {
        return failed("store", dir.string() + " cannot be written by this user",
                      "run kioskctl doctor as the terminal's user or root, and check the "
                      "folder's owner and mode");
    }
    if (!std::filesystem::exists(HallStore::databaseFile(dir), ec))
        return ok("store", dir.string() + " is writable; the store is made at the first start");
    auto store = HallStore::openReadOnly(dir);
    if (!store) {
        return failed("store", store.message(),
                      "restore the store from the hall's backup, or move it aside to start a "
                      "new one (the register of issued proofs is in it)");
    }
    auto check = Statement::prepare((*store)->db(), "PRAGMA quick_check");
    if (!check)
        return failed("store", check.message(), "restore the store from the hall's backup");
    auto row = check->step("checking the store");
    if (!row || !*row || check->text(0) != "ok") {
        return failed("store",
                      HallStore::databaseFile(dir).string() + " is damaged: " +
                          (row && *row ? check->text(0) : std::string("cannot be read")),
                      "restore the store from the hall's backup");
    }
    return ok("store", HallStore::databaseFile(dir).string() + " is readable and intact");
}

Check checkDisk(const HallConfig& config) {
    // The data folder's file system, or the nearest folder above it that exists yet.
    std::filesystem::path where = config.dataDir;
    std::error_code ec;
    while (!where.empty() && !std::filesystem::exists(where, ec) && where != where.parent_path())
        where = where.parent_path();
    struct statvfs fs {};
    if (statvfs(where.c_str(), &fs) != 0)
        return failed("disk", "cannot read the free space of " + where.string(), "");
    const double freeBytes = static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize);
    const double share =
        100.0 * static_cast<double>(fs.f_bavail) / static_cast<double>(fs.f_blocks);
    char text[128];
    std::snprintf(text, sizeof text, "%.0f MB free (%.0f%%) for %s", freeBytes / 1e6, share,
                  config.dataDir.c_str());
    if (freeBytes < 200e6)
        return failed("disk", text, "free space: tickets stop being saved when the disk is full");
    if (freeBytes < 1e9 || share < 10)
        return warning("disk", text, "free space before it runs out");
    return ok("disk", text);
}

Check checkFonts(const HallConfig& config) {
    auto coverage = fontCoverage(config);
    if (!coverage)
        return failed("fonts", coverage.message(), "apt-get install fonts-noto-cjk");
    if (!coverage->problems.empty()) {
        return failed(
            "fonts",
            std::to_string(coverage->problems.size()) +
                " string(s) would show a missing glyph, the first: " + coverage->problems.front(),
            "kioskctl fonts check lists them; change the text or install the font");
    }
    return ok("fonts", std::to_string(coverage->characters) + " characters drawable with " +
                           coverage->family);
}

Check checkPrinter(const HallConfig& config) {
    auto status = queryPrinterStatus(config.printer, std::chrono::seconds(3));
    if (!status) {
        const std::string& code = status.error().code;
        if (code == "printer.none")
            return warning("printer", status.message(), "set [printer] in the hall config");
        if (code == "printer.status_unavailable")
            return warning("printer", status.message(), "");
        return failed("printer", status.message(),
                      "check that the printer is on, its cable, and [printer] in the config");
    }
    if (!status->ready()) {
        return failed("printer", status->describe(),
                      status->paperOut      ? "put in a new paper roll"
                      : status->coverOpen   ? "close the printer's cover"
                      : status->cutterError ? "clear the cutter, then switch the printer off and on"
                                            : "switch the printer on, or clear its error");
    }
    if (status->paperNearEnd)
        return warning("printer", status->describe(), "have a new paper roll ready");
    return ok("printer", status->describe());
}

Check checkScanners(const HallConfig& config) {
    if (config.scanners.empty())
        return warning("scanners", "no [[scanners]] configured", "residents cannot scan codes");
    auto sources = makeScanSources(config.scanners);
    std::mutex mutex;
    std::condition_variable answered;
    std::vector<std::string> connected, missing;
    for (auto& source : sources.all) {
        const std::string name = source->describe();
        source->start([&, name](ScanEvent e) {
            std::lock_guard lock(mutex);
            if (e.kind == ScanEvent::Kind::Connected)
                connected.push_back(name);
            else if (e.kind == ScanEvent::Kind::Disconnected)
                missing.push_back(e.text.empty() ? name : e.text);
            answered.notify_all();
        });
    }
    {
        std::unique_lock lock(mutex);
        answered.wait_for(lock, std::chrono::seconds(3),
                          [&] { return connected.size() + missing.size() >= sources.all.size(); });
    }
    for (auto& source : sources.all)
        source->stop();
    std::lock_guard lock(mutex);
    if (!missing.empty()) {
        return failed("scanners", "not available: " + missing.front(),
                      "check the scanner's cable and [[scanners]] device in the config");
    }
    if (connected.size() < sources.all.size())
        return warning("scanners", "some scanners did not answer within 3 s", "");
    return ok("scanners", std::to_string(connected.size()) + " present");
}

Check checkLan(const HallConfig& config) {
    if (!config.lan.enabled)
        return ok("lan", "the hall LAN API is off ([lan] not configured)");
    if (!std::filesystem::exists(config.lan.certificate)) {
        return warning("lan", config.lan.certificate.string() + " does not exist yet",
                       "it is made at the first start, or now with kioskctl lan certificate");
    }
    auto info = certificateInfo(config.lan.certificate);
    if (!info)
        return failed("lan", info.message(), "move it aside: the hall makes a new one");
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    if (info->notAfterUnix < now)
        return failed("lan", "the hall's certificate has expired",
                      "make a new one and give it to the counters and the display");
    std::set<std::string> names(info->names.begin(), info->names.end());
    for (const auto& wanted : config.lan.certificateNames) {
        if (!names.count(wanted)) {
            return failed("lan", "the certificate does not name " + wanted,
                          "move " + config.lan.certificate.string() +
                              " aside (the hall makes a new one naming every address) and "
                              "give the new one to the counters and the display");
        }
    }
    auto devices = loadEnrolledDevices(config.lan.devicesDir);
    if (!devices.problems.empty())
        return failed("lan", devices.problems.front(), "fix or remove that device's file");
    const int64_t days = (info->notAfterUnix - now) / 86400;
    std::string detail = "certificate valid for " + std::to_string(days) + " more days, " +
                         std::to_string(devices.devices.size()) + " devices enrolled";
    if (days < 30)
        return warning("lan", detail, "renew the hall's certificate before it expires");
    return ok("lan", detail);
}

Check checkCentral(const HallConfig& config) {
    if (config.central.url.empty())
        return warning("central", "no [central] configured: events stay on the terminal", "");
    if (!std::filesystem::exists(config.central.keyFile)) {
        return failed(
            "central",
            "this terminal is not enrolled (" + config.central.keyFile.string() + " is missing)",
            "kioskctl central enrol --config FILE --code CODE");
    }
    auto time = centralTime({config.central.url, config.central.certificate});
    if (!time) {
        return failed("central", time.message(),
                      "check the network, [central] url and certificate in the config");
    }
    const int64_t offset = *time - std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count();
    const std::string detail = config.central.url + " answers; this clock is " +
                               std::to_string(offset / 1000) + " s off the central's";
    if (std::llabs(offset) > 5 * 60 * 1000)
        return failed("central", detail, "set the clock: timedatectl set-ntp true");
    if (std::llabs(offset) > 30 * 1000)
        return warning("central", detail,
                       "the hall keeps the central's time; timedatectl set-ntp true");
    return ok("central", detail);
}

}  // namespace

int runDoctor(const std::filesystem::path& configFile, bool asJson) {
    std::vector<Check> checks;
    auto config = loadHallConfig(configFile);
    if (!config) {
        auto good = loadHallConfig(lastGoodPath(configFile));
        checks.push_back(failed("config", config.message(),
                                good ? "fix the file: the last good copy is in force until then"
                                     : "fix the file: the terminal is out of service until then"));
        if (good)
            config = std::move(good);
    } else {
        checks.push_back(ok("config", configFile.string() + " is valid"));
    }
    if (config) {
        for (auto check : {checkStore, checkDisk, checkFonts, checkPrinter, checkScanners, checkLan,
                           checkCentral})
            checks.push_back(check(*config));
    }
    bool anyFailed = false;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : checks) {
        anyFailed = anyFailed || c.outcome == Outcome::Failed;
        const char* word = c.outcome == Outcome::Ok        ? "ok"
                           : c.outcome == Outcome::Warning ? "warn"
                                                           : "FAIL";
        if (asJson) {
            out.push_back(
                {{"check", c.name}, {"result", word}, {"detail", c.detail}, {"fix", c.fix}});
        } else {
            std::printf("%-4s  %-9s %s\n", word, c.name.c_str(), c.detail.c_str());
            if (!c.fix.empty())
                std::printf("                -> %s\n", c.fix.c_str());
        }
    }
    if (asJson)
        std::printf("%s\n",
                    out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return anyFailed ? 1 : 0;
}

}  // namespace hall

#include "health/HealthProbe.h"

#include <sys/statvfs.h>

#include <filesystem>
#include <system_error>

#include "lan/HallServer.h"
#include "printer/AsyncPrinter.h"
#include "queue/QueueEngine.h"
#include "store/HallStore.h"
#include "sync/CentralLink.h"

namespace hall {

namespace {

std::string printerKind(PrinterConfig::Kind kind) {
    switch (kind) {
        case PrinterConfig::Kind::None:
            return "none";
        case PrinterConfig::Kind::Simulated:
            return "simulated";
        case PrinterConfig::Kind::File:
            return "file";
        case PrinterConfig::Kind::Device:
            return "device";
        case PrinterConfig::Kind::Tcp:
            return "tcp";
    }
    return "none";
}

std::string scannerKind(ScannerConfig::Kind kind) {
    switch (kind) {
        case ScannerConfig::Kind::Serial:
            return "serial";
        case ScannerConfig::Kind::Hid:
            return "hid";
        case ScannerConfig::Kind::Camera:
            return "camera";
        case ScannerConfig::Kind::Images:
            return "images";
    }
    return "camera";
}

int64_t fileBytes(const std::filesystem::path& file) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    return ec ? 0 : static_cast<int64_t>(size);
}

}  // namespace

HealthProbe::HealthProbe(Parts parts) : parts_(std::move(parts)) {
    for (const auto& s : parts_.config.scanners)
        scanners_.push_back({scannerKind(s.kind), false, 0});
}

void HealthProbe::noteScreen(std::string_view screen) {
    std::lock_guard lock(mutex_);
    if (screen_ != screen)
        screen_ = screen;
}

void HealthProbe::noteScanner(size_t index, ScanEvent::Kind kind) {
    std::lock_guard lock(mutex_);
    if (index >= scanners_.size())
        return;
    auto& s = scanners_[index];
    if (kind == ScanEvent::Kind::Disconnected) {
        s.present = false;
        return;
    }
    s.present = true;
    if (kind == ScanEvent::Kind::Code)
        s.lastReadMs = toUnixMillis(parts_.clock.now());
}

health::TerminalHealth HealthProbe::gather() {
    health::TerminalHealth h;
    const HallConfig& config = parts_.config;
    h.hallId = config.hallId;
    h.sentAtMs = toUnixMillis(parts_.clock.now());
    const auto up = std::chrono::steady_clock::now() - started_;
    h.roles.push_back(
        {"hall", parts_.version, std::chrono::duration_cast<std::chrono::seconds>(up).count()});
    {
        std::lock_guard lock(mutex_);
        h.screen = screen_;
        h.scanners = scanners_;
    }
    const auto db = HallStore::databaseFile(config.dataDir);
    h.storeBytes = fileBytes(db) + fileBytes(db.string() + "-wal");
    struct statvfs disk {};
    if (::statvfs(config.dataDir.c_str(), &disk) == 0) {
        h.diskFreeBytes = static_cast<int64_t>(disk.f_bavail) * static_cast<int64_t>(disk.f_frsize);
        h.diskTotalBytes =
            static_cast<int64_t>(disk.f_blocks) * static_cast<int64_t>(disk.f_frsize);
    }
    h.clockOffsetMs = parts_.clock.machineOffsetMs().value_or(0);
    if (parts_.lan)
        h.lanDevices = parts_.lan->devicesSeen();
    h.printer.kind = printerKind(config.printer.kind);
    if (parts_.printer) {
        auto status = parts_.printer->status();
        h.printer.answered = status.ok();
        if (status)
            h.printer.status = *status;
        else
            h.printer.problem = status.message();
    }
    if (auto backlog = parts_.queue.outboxBacklog())
        h.backlog = *backlog;
    if (parts_.central) {
        const auto link = parts_.central->status();
        h.lastUploadError = link.lastError;
        h.lastUploadMs = link.lastSuccessMs;
    }
    for (const auto& service : config.services)
        h.hours.push_back(service.hours);
    return h;
}

}  // namespace hall

#include "update/InstallGate.h"

#include <nlohmann/json.hpp>

#include "config/TomlSection.h"
#include "sync/BundleStore.h"
#include "text/UntrustedJson.h"

namespace hall::update {

namespace fs = std::filesystem;

namespace {

nlohmann::json readJson(const fs::path& file) {
    auto text = readTextFile(file);
    if (!text)
        return nlohmann::json();
    auto j = parseUntrustedJson(*text);
    return j.is_object() ? j : nlohmann::json();
}

}  // namespace

Result<void> InstallGate::request(const std::string& version, int64_t nowMs) {
    return sync::replaceFileDurably(
        dir_ / "install-request",
        nlohmann::json{{"version", version}, {"at", nowMs}}.dump() + "\n");
}

bool InstallGate::isReady(const std::string& version, int64_t nowMs) const {
    const auto ready = readJson(dir_ / "install-ready");
    const auto asked = requested();
    if (!ready.is_object() || !asked || asked->version != version ||
        ready.value("version", "") != version)
        return false;
    const int64_t at = ready.value("at", int64_t{0});
    return at >= asked->atMs && nowMs - at < kReadyForSeconds * 1000;
}

void InstallGate::withdraw() {
    std::error_code ec;
    fs::remove(dir_ / "install-request", ec);
    fs::remove(dir_ / "install-ready", ec);
}

std::optional<InstallGate::Request> InstallGate::requested() const {
    const auto asked = readJson(dir_ / "install-request");
    if (!asked.is_object() || !asked.contains("version") || !asked["version"].is_string() ||
        !asked.contains("at") || !asked["at"].is_number_integer())
        return std::nullopt;
    return Request{asked["version"].get<std::string>(), asked["at"].get<int64_t>()};
}

Result<void> InstallGate::markReady(const std::string& version, int64_t nowMs) {
    return sync::replaceFileDurably(
        dir_ / "install-ready", nlohmann::json{{"version", version}, {"at", nowMs}}.dump() + "\n");
}

fs::path ReleaseProof::fileIn(const fs::path& dir) {
    return dir / "release-proof";
}

std::optional<ReleaseProof> ReleaseProof::read(const fs::path& dir) {
    const auto j = readJson(fileIn(dir));
    if (!j.is_object())
        return std::nullopt;
    try {
        return ReleaseProof{j.at("version").get<std::string>(), j.at("pid").get<int64_t>(),
                            j.at("at").get<int64_t>()};
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

Result<void> ReleaseProof::write(const fs::path& dir) const {
    return sync::replaceFileDurably(
        fileIn(dir),
        nlohmann::json{{"version", version}, {"pid", pid}, {"at", atMs}}.dump() + "\n");
}

}  // namespace hall::update

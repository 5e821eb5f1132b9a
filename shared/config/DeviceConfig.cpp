#include "config/DeviceConfig.h"

#include <algorithm>

#include "config/HallConfig.h"
#include "config/TomlSection.h"

namespace hall {

namespace fs = std::filesystem;

Result<DeviceConfig> loadDeviceConfig(const fs::path& file) {
    auto text = readTextFile(file);
    if (!text)
        return text.error();
    ConfigProblems problems(file);
    auto doc = parseToml(*text, problems);
    if (!doc)
        return problems.toError();
    const fs::path base = fs::absolute(file).parent_path();
    auto resolve = [&](const std::string& v) {
        return fs::path(v).is_absolute() ? fs::path(v) : (base / v).lexically_normal();
    };

    DeviceConfig c;
    c.sourceFile = file;
    TomlSection root(*doc, "", problems);
    if (auto device = root.table("device", true)) {
        if (auto k = device->text("key_file", true))
            c.keyFile = resolve(*k);
        if (auto w = device->integer("window", false, 1, 99))
            c.window = static_cast<int>(*w);
        device->rejectUnknownKeys();
    }
    if (auto hall = root.table("hall", true)) {
        if (auto u = hall->text("url", true)) {
            if (u->rfind("https://", 0) != 0)
                hall->problem("url", "must start with https:// (the hall LAN API is TLS only)");
            c.hallUrl = *u;
        }
        if (auto cert = hall->text("certificate", true))
            c.hallCertificate = resolve(*cert);
        hall->rejectUnknownKeys();
    }
    if (auto kiosk = root.table("kiosk", true)) {
        if (auto a = kiosk->text("assets_dir", true))
            c.assetsDir = resolve(*a);
        if (auto l = kiosk->text("language", false)) {
            const auto& langs = supportedLanguages();
            if (std::find(langs.begin(), langs.end(), *l) == langs.end()) {
                kiosk->problem("language", "must be zh-CN, ko or en");
            }
            c.language = *l;
        }
        kiosk->rejectUnknownKeys();
    }
    if (auto display = root.table("display", false)) {
        if (auto v = display->text("voice", false)) {
            if (*v != "espeak" && *v != "none")
                display->problem("voice", "must be \"espeak\" or \"none\"");
            c.voice = *v;
        }
        if (auto a = display->text("audio_device", false)) {
            c.audioDevice =
                a->size() > 4 && a->substr(a->size() - 4) == ".wav" ? resolve(*a).string() : *a;
        }
        if (auto r = display->integer("repeat", false, 1, 3))
            c.repeatAnnouncement = static_cast<int>(*r);
        display->rejectUnknownKeys();
    }
    root.rejectUnknownKeys();
    if (!problems.empty())
        return problems.toError();
    return c;
}

}  // namespace hall

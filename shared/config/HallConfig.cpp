#include "config/HallConfig.h"

#include <algorithm>
#include <regex>

#include "config/TomlSection.h"
#include "crypto/Base64.h"
#include "lan/DeviceKey.h"

namespace hall {

namespace fs = std::filesystem;

const std::vector<std::string>& supportedLanguages() {
    static const std::vector<std::string> languages{"zh-CN", "ko", "en"};
    return languages;
}

const ServiceConfig* HallConfig::findService(char letter) const {
    for (const auto& s : services) {
        if (s.letter == letter)
            return &s;
    }
    return nullptr;
}

const WindowConfig* HallConfig::findWindow(int number) const {
    for (const auto& w : windows) {
        if (w.number == number)
            return &w;
    }
    return nullptr;
}

const StaffConfig* HallConfig::findStaff(const std::string& id) const {
    for (const auto& s : staff) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

bool WindowConfig::serves(char service) const {
    return services.empty() ||
           std::find(services.begin(), services.end(), service) != services.end();
}

namespace {

std::optional<int> parseClock(const std::string& text) {
    static const std::regex pattern(R"(^(\d{2}):(\d{2})$)");
    std::smatch m;
    if (!std::regex_match(text, m, pattern))
        return std::nullopt;
    const int h = std::stoi(m[1]);
    const int min = std::stoi(m[2]);
    if (min > 59 || h > 24 || (h == 24 && min != 0))
        return std::nullopt;
    return h * 60 + min;
}

std::optional<int> parseUtcOffset(const std::string& text) {
    static const std::regex pattern(R"(^([+-])(\d{2}):(\d{2})$)");
    std::smatch m;
    if (!std::regex_match(text, m, pattern))
        return std::nullopt;
    const int h = std::stoi(m[2]);
    const int min = std::stoi(m[3]);
    if (h > 14 || min > 59)
        return std::nullopt;
    return (m[1] == "-" ? -1 : 1) * (h * 60 + min);
}

LocalizedText readLocalized(TomlSection& parent, const std::string& key,
                            const std::vector<std::string>& languages) {
    LocalizedText out;
    auto section = parent.table(key, true);
    if (!section)
        return out;
    for (const auto& [k, node] : section->raw()) {
        const std::string lang(k.str());
        if (std::find(supportedLanguages().begin(), supportedLanguages().end(), lang) ==
            supportedLanguages().end()) {
            continue;  // reported by rejectUnknownKeys below
        }
        if (auto v = section->text(lang, false)) {
            if (v->empty()) {
                section->problem(lang, "must not be empty");
            } else {
                out.byLanguage[lang] = *v;
            }
        }
    }
    section->rejectUnknownKeys();
    for (const auto& lang : languages) {
        if (!out.byLanguage.count(lang)) {
            section->problemHere("has no text for language \"" + lang +
                                 "\", which hall.languages offers; add " + lang + " = \"…\"");
        }
    }
    return out;
}

fs::path resolve(const fs::path& base, const std::string& value) {
    return resolveAgainst(base, value);
}

}  // namespace

std::map<std::string, std::string> readPublicKeys(TomlSection& parent, const std::string& key,
                                                  const std::string& whereFrom) {
    std::map<std::string, std::string> keys;
    for (auto& entry : parent.tables(key, false)) {
        auto id = entry.text("id", true);
        auto text = entry.text("public_key", true);
        if (id && (id->empty() || id->size() > 64 || id->find('|') != std::string::npos)) {
            entry.problem("id", "must be 1–64 characters without '|'");
        } else if (id && keys.count(*id)) {
            entry.problem("id", "\"" + *id + "\" is listed twice");
        } else if (id && text) {
            // base64url (identity codes' issuers) or plain base64 (kioskctl's keys): both are
            // unambiguous for 32 bytes.
            auto raw = base64UrlDecode(*text);
            if (!raw || raw->size() != 32)
                raw = fromBase64(*text);
            if (!raw || raw->size() != 32) {
                entry.problem("public_key",
                              "must be an Ed25519 public key: 32 bytes in base64 (43 or 44 "
                              "characters), " +
                                  whereFrom);
            } else {
                keys[*id] = *raw;
            }
        }
        entry.rejectUnknownKeys();
    }
    return keys;
}

void addMaintainerKeys(TomlSection& section, const std::string& key, const fs::path& dir,
                       std::map<std::string, std::string>& keys) {
    auto loaded = loadEnrolledDevices(dir);
    for (const auto& problem : loaded.problems)
        section.problem(key, problem);
    for (const auto& [id, device] : loaded.devices) {
        if (device.role != DeviceRole::Maintainer) {
            section.problem(key, (dir / (id + ".pub")).string() + " is a " +
                                     std::string(roleCode(device.role)) +
                                     "'s key, not a maintainer's");
        } else {
            keys[id] = device.publicKey;
        }
    }
}

Result<HallConfig> parseHallConfig(std::string_view text, const fs::path& file) {
    ConfigProblems problems(file);
    auto document = parseToml(text, problems);
    if (!document)
        return problems.toError();

    HallConfig config;
    config.sourceFile = file;
    // Absolute, so the paths still mean the same if the process changes its working folder.
    const fs::path base = fs::absolute(file).parent_path();
    TomlSection root(*document, "", problems);

    if (auto hall = root.table("hall", true)) {
        if (auto id = hall->text("id", true)) {
            static const std::regex idPattern(R"(^[A-Za-z0-9._-]{1,64}$)");
            if (!std::regex_match(*id, idPattern)) {
                hall->problem(
                    "id", "must be 1–64 letters, digits, '.', '_' or '-' (got \"" + *id + "\")");
            }
            config.hallId = *id;
        }
        if (auto langs = hall->textList("languages", true)) {
            for (const auto& lang : *langs) {
                if (std::find(supportedLanguages().begin(), supportedLanguages().end(), lang) ==
                    supportedLanguages().end()) {
                    hall->problem("languages",
                                  "\"" + lang + "\" has no translation; use zh-CN, ko or en");
                } else if (std::count(langs->begin(), langs->end(), lang) > 1) {
                    hall->problem("languages", "\"" + lang + "\" is listed twice");
                    break;
                }
            }
            if (langs->empty())
                hall->problem("languages", "must list at least one language");
            config.languages = *langs;
        }
        if (config.languages.empty())
            config.languages = {"zh-CN"};
        config.hallName = readLocalized(*hall, "name", config.languages);
        if (auto offset = hall->text("utc_offset", false)) {
            if (auto minutes = parseUtcOffset(*offset)) {
                config.utcOffsetMinutes = *minutes;
            } else {
                hall->problem("utc_offset", "must look like \"+08:00\" (got \"" + *offset + "\")");
            }
        }
        if (auto w = hall->integer("staffed_windows", false, 1, 50)) {
            config.staffedWindows = static_cast<int>(*w);
        }
        hall->rejectUnknownKeys();
    }

    if (auto kiosk = root.table("kiosk", true)) {
        if (auto t = kiosk->integer("idle_timeout_s", false, 2, 600)) {
            config.idleTimeoutSeconds = static_cast<int>(*t);
        }
        if (auto w = kiosk->integer("timeout_warning_s", false, 20, 300)) {
            config.timeoutWarningSeconds = static_cast<int>(*w);
        }
        if (auto g = kiosk->integer("tap_guard_ms", false, 0, 2000)) {
            config.tapGuardMs = static_cast<int>(*g);
        }
        if (auto a = kiosk->text("assets_dir", true))
            config.assetsDir = resolve(base, *a);
        kiosk->rejectUnknownKeys();
    }

    if (auto store = root.table("store", true)) {
        if (auto d = store->text("data_dir", true)) {
            if (d->empty()) {
                store->problem("data_dir", "must name a folder");
            } else {
                config.dataDir = resolve(base, *d);
            }
        }
        store->rejectUnknownKeys();
    }

    if (auto queue = root.table("queue", false)) {
        if (auto d = queue->integer("number_digits", false, 3, 4)) {
            config.numberDigits = static_cast<int>(*d);
        }
        if (auto b = queue->integer("priority_burst", false, 1, 10)) {
            config.priorityBurst = static_cast<int>(*b);
        }
        if (auto n = queue->integer("late_reinsert_after", false, 0, 50)) {
            config.lateReinsertAfter = static_cast<int>(*n);
        }
        if (auto m = queue->integer("appointment_early_minutes", false, 0, 120)) {
            config.appointmentEarlyMinutes = static_cast<int>(*m);
        }
        if (auto cats = queue->textList("priority_categories", false)) {
            for (const auto& code : *cats) {
                if (auto c = priorityFromCode(code)) {
                    config.priorityCategories.push_back(*c);
                } else {
                    queue->problem("priority_categories",
                                   "\"" + code +
                                       "\" is not a category; use age70, disability, pregnancy "
                                       "or veteran");
                }
            }
        } else {
            config.priorityCategories = allPriorityCategories();
        }
        queue->rejectUnknownKeys();
    } else {
        config.priorityCategories = allPriorityCategories();
    }

    auto services = root.tables("services", true);
    if (services.empty() && root.raw().get("services")) {
        root.problem("services", "must list at least one service");
    } else if (services.size() > 12) {
        root.problem("services", "at most 12 services fit on the resident screen");
    }
    for (auto& s : services) {
        ServiceConfig service;
        if (auto letter = s.text("letter", true)) {
            if (letter->size() != 1 || (*letter)[0] < 'A' || (*letter)[0] > 'Z') {
                s.problem("letter", "must be one capital letter A–Z (got \"" + *letter + "\")");
            } else if (config.findService((*letter)[0])) {
                s.problem("letter", "\"" + *letter + "\" is already used by another service");
            } else {
                service.letter = (*letter)[0];
            }
        }
        service.name = readLocalized(s, "name", config.languages);
        if (auto days = s.integerList("days", false, 1, 7)) {
            for (auto d : *days)
                service.hours.weekdays.push_back(static_cast<int>(d));
            if (days->empty())
                s.problem("days", "must list at least one weekday (1 = Monday)");
        } else {
            service.hours.weekdays = {1, 2, 3, 4, 5};
        }
        if (auto hours = s.textList("hours", true)) {
            for (const auto& h : *hours) {
                const auto dash = h.find('-');
                auto start =
                    dash == std::string::npos ? std::nullopt : parseClock(h.substr(0, dash));
                auto end =
                    dash == std::string::npos ? std::nullopt : parseClock(h.substr(dash + 1));
                if (!start || !end || *start >= *end) {
                    s.problem("hours",
                              "\"" + h + "\" must look like \"08:30-12:00\", start before end");
                } else {
                    service.hours.intervals.push_back({*start, *end});
                }
            }
            if (hours->empty())
                s.problem("hours", "must list at least one interval");
        }
        if (auto m = s.integer("average_minutes", false, 1, 240)) {
            service.averageServiceMinutes = static_cast<int>(*m);
        }
        s.rejectUnknownKeys();
        config.services.push_back(std::move(service));
    }

    if (auto printer = root.table("printer", true)) {
        using Kind = PrinterConfig::Kind;
        auto& p = config.printer;
        if (auto kind = printer->text("kind", true)) {
            if (*kind == "none") {
                p.kind = Kind::None;
            } else if (*kind == "simulated") {
                p.kind = Kind::Simulated;
            } else if (*kind == "file") {
                p.kind = Kind::File;
            } else if (*kind == "device") {
                p.kind = Kind::Device;
            } else if (*kind == "tcp") {
                p.kind = Kind::Tcp;
            } else {
                printer->problem(
                    "kind", "must be none, simulated, file, device or tcp (got \"" + *kind + "\")");
            }
        }
        const bool needsPath = p.kind == Kind::File || p.kind == Kind::Device;
        if (auto path = printer->text("path", needsPath))
            p.path = resolve(base, *path);
        if (auto host = printer->text("host", p.kind == Kind::Tcp))
            p.host = *host;
        if (auto port = printer->integer("port", false, 1, 65535))
            p.port = static_cast<int>(*port);
        if (auto t = printer->integer("timeout_ms", false, 100, 60000)) {
            p.timeoutMs = static_cast<int>(*t);
        }
        if (auto fault = printer->text("simulated_fault", false)) {
            if (*fault != "" && *fault != "paper_out" && *fault != "offline" &&
                *fault != "paper_near_end" && *fault != "cover_open" && *fault != "cutter_error") {
                printer->problem("simulated_fault",
                                 "must be \"\", \"paper_out\", \"paper_near_end\", "
                                 "\"cover_open\", \"cutter_error\" or \"offline\"");
            }
            p.simulatedFault = *fault;
        }
        if (auto file = printer->text("simulated_fault_file", false))
            p.simulatedFaultFile = resolve(base, *file);
        printer->rejectUnknownKeys();
    }

    for (auto& w : root.tables("windows", false)) {
        WindowConfig window;
        if (auto n = w.integer("number", true, 1, 99)) {
            if (config.findWindow(static_cast<int>(*n))) {
                w.problem("number", "window " + std::to_string(*n) + " is listed twice");
            }
            window.number = static_cast<int>(*n);
        }
        if (auto list = w.textList("services", false)) {
            for (const auto& letter : *list) {
                if (letter.size() != 1 || !config.findService(letter[0])) {
                    w.problem("services",
                              "\"" + letter + "\" is not the letter of a service above");
                } else {
                    window.services.push_back(letter[0]);
                }
            }
        }
        w.rejectUnknownKeys();
        config.windows.push_back(std::move(window));
    }
    if (config.windows.empty()) {
        for (int n = 1; n <= config.staffedWindows; ++n)
            config.windows.push_back(WindowConfig{n, {}});
    }

    for (auto& st : root.tables("staff", false)) {
        StaffConfig staff;
        if (auto id = st.text("id", true)) {
            static const std::regex digits(R"(^[0-9]{2,8}$)");
            if (!std::regex_match(*id, digits)) {
                st.problem("id", "must be 2–8 digits, typed on the counter's keypad (got \"" + *id +
                                     "\")");
            } else if (config.findStaff(*id)) {
                st.problem("id", "\"" + *id + "\" is listed twice");
            }
            staff.id = *id;
        }
        if (auto name = st.text("name", true))
            staff.name = *name;
        if (auto hash = st.text("pin_hash", true)) {
            if (hash->rfind("$argon2id$", 0) != 0) {
                st.problem(
                    "pin_hash",
                    "must be an argon2id hash from `kioskctl staff hash-pin`, never the PIN");
            }
            staff.pinHash = *hash;
        }
        st.rejectUnknownKeys();
        config.staff.push_back(std::move(staff));
    }
    if (auto lockout = root.table("staff_lockout", false)) {
        if (auto f = lockout->integer("failures", false, 3, 20))
            config.staffLockoutFailures = static_cast<int>(*f);
        if (auto m = lockout->integer("minutes", false, 1, 1440))
            config.staffLockoutMinutes = static_cast<int>(*m);
        lockout->rejectUnknownKeys();
    }

    config.lan.certificate = config.dataDir / "lan" / "hall-cert.pem";
    config.lan.privateKey = config.dataDir / "lan" / "hall-key.pem";
    config.lan.devicesDir = config.dataDir / "lan" / "devices";
    if (auto access = root.table("access", false)) {
        if (auto c = access->boolean("care_mode", false))
            config.access.careMode = *c;
        access->rejectUnknownKeys();
    }
    if (auto voice = root.table("voice", false)) {
        if (auto e = voice->boolean("enabled", false))
            config.voice.enabled = *e;
        if (auto d = voice->text("device", false)) {
            const bool wav = d->size() > 4 && d->substr(d->size() - 4) == ".wav";
            config.voice.device = wav ? resolve(base, *d).string() : *d;
        }
        if (auto v = voice->integer("volume", false, 0, 100))
            config.voice.volume = static_cast<int>(*v);
        if (auto t = voice->text("transcript", false))
            config.voice.transcript = resolve(base, *t);
        voice->rejectUnknownKeys();
    }
    if (auto panel = root.table("panel", false)) {
        if (auto w = panel->integer("width_mm", false, 50, 5000))
            config.access.panelWidthMm = static_cast<int>(*w);
        if (auto h = panel->integer("height_mm", false, 50, 5000))
            config.access.panelHeightMm = static_cast<int>(*h);
        if (auto w = panel->integer("width_px", false, 320, 16384))
            config.access.panelWidthPx = static_cast<int>(*w);
        if (auto h = panel->integer("height_px", false, 320, 16384))
            config.access.panelHeightPx = static_cast<int>(*h);
        panel->rejectUnknownKeys();
    }
    if (auto lan = root.table("lan", false)) {
        if (auto e = lan->boolean("enabled", false))
            config.lan.enabled = *e;
        if (auto a = lan->text("listen_address", false))
            config.lan.listenAddress = *a;
        // 0: any free port (benchmarks and tests read the one chosen from the server).
        if (auto p = lan->integer("port", false, 0, 65535))
            config.lan.port = static_cast<int>(*p);
        if (auto c = lan->text("certificate", false))
            config.lan.certificate = resolve(base, *c);
        if (auto k = lan->text("private_key", false))
            config.lan.privateKey = resolve(base, *k);
        if (auto d = lan->text("devices_dir", false))
            config.lan.devicesDir = resolve(base, *d);
        if (auto names = lan->textList("certificate_names", false)) {
            if (names->empty())
                lan->problem("certificate_names", "must list at least one name or address");
            config.lan.certificateNames = *names;
        }
        lan->rejectUnknownKeys();
    }

    if (auto proofs = root.table("proofs", false)) {
        if (auto c = proofs->text("catalog", true))
            config.proofs.catalog = resolve(base, *c);
        if (auto m = proofs->text("handwriting_model", false))
            config.proofs.handwritingModel =
                m->empty() ? std::filesystem::path() : resolve(base, *m);
        for (auto [key, target] :
             {std::pair{"certificate_service", &config.proofs.certificateService},
              std::pair{"consultation_service", &config.proofs.consultationService}}) {
            if (auto letter = proofs->text(key, true)) {
                if (letter->size() != 1 || !config.findService((*letter)[0])) {
                    proofs->problem(key,
                                    "\"" + *letter + "\" is not the letter of a service above");
                } else {
                    *target = (*letter)[0];
                }
            }
        }
        proofs->rejectUnknownKeys();
    }

    config.identity.hashKeyFile = config.dataDir / "identity.key";
    if (auto identity = root.table("identity", false)) {
        if (auto k = identity->text("hash_key_file", false))
            config.identity.hashKeyFile = resolve(base, *k);
        config.identity.issuers =
            readPublicKeys(*identity, "issuers", "as `tools/identity-codes issuer` prints it");
        identity->rejectUnknownKeys();
    }

    if (auto central = root.table("central", false)) {
        if (auto url = central->text("url", true)) {
            if (url->rfind("https://", 0) != 0)
                central->problem("url", "must start with https:// (got \"" + *url + "\")");
            config.central.url = *url;
        }
        if (auto c = central->text("certificate", true))
            config.central.certificate = resolve(base, *c);
        config.central.keyFile = config.dataDir / "central" / "terminal.key";
        if (auto k = central->text("key_file", false))
            config.central.keyFile = resolve(base, *k);
        config.central.publishers = readPublicKeys(
            *central, "publishers", "as `kioskctl central key` prints it for a maintainer");
        if (auto s = central->integer("bundle_check_s", false, 1, 86400))
            config.central.bundleCheckSeconds = static_cast<int>(*s);
        if (auto s = central->integer("heartbeat_s", false, 1, 3600))
            config.central.heartbeatSeconds = static_cast<int>(*s);
        if (auto dir = central->text("publishers_dir", false))
            addMaintainerKeys(*central, "publishers_dir", resolve(base, *dir),
                              config.central.publishers);
        central->rejectUnknownKeys();
    }
    for (auto& s : root.tables("scanners", false)) {
        using Kind = ScannerConfig::Kind;
        ScannerConfig scanner;
        if (auto kind = s.text("kind", true)) {
            if (*kind == "serial") {
                scanner.kind = Kind::Serial;
            } else if (*kind == "hid") {
                scanner.kind = Kind::Hid;
            } else if (*kind == "camera") {
                scanner.kind = Kind::Camera;
            } else if (*kind == "images") {
                scanner.kind = Kind::Images;
            } else {
                s.problem("kind", "must be serial, hid, camera or images (got \"" + *kind + "\")");
            }
        }
        if (auto device = s.text("device", scanner.kind == Kind::Serial))
            scanner.device = *device;
        else if (scanner.kind == Kind::Camera)
            scanner.device = "/dev/video0";
        if (auto baud = s.integer("baud", false, 1200, 115200)) {
            static const int kBauds[] = {9600, 19200, 38400, 57600, 115200};
            if (std::find(std::begin(kBauds), std::end(kBauds), *baud) == std::end(kBauds))
                s.problem("baud", "must be 9600, 19200, 38400, 57600 or 115200");
            scanner.baud = static_cast<int>(*baud);
        }
        if (auto t = s.text("terminator", false)) {
            if (*t != "cr" && *t != "lf" && *t != "crlf" && *t != "tab")
                s.problem("terminator", "must be cr, lf, crlf or tab (got \"" + *t + "\")");
            scanner.terminator = *t;
        }
        if (auto name = s.text("name", scanner.kind == Kind::Hid))
            scanner.name = *name;
        if (auto folder = s.text("folder", scanner.kind == Kind::Images))
            scanner.folder = resolve(base, *folder);
        if (auto w = s.integer("width", false, 160, 3840))
            scanner.width = static_cast<int>(*w);
        if (auto h = s.integer("height", false, 120, 2160))
            scanner.height = static_cast<int>(*h);
        s.rejectUnknownKeys();
        config.scanners.push_back(scanner);
    }

    root.rejectUnknownKeys();
    if (!problems.empty())
        return problems.toError();
    return config;
}

Result<HallConfig> loadHallConfig(const fs::path& file) {
    auto text = readTextFile(file);
    if (!text)
        return text.error();
    return parseHallConfig(*text, file);
}

}  // namespace hall

#pragma once
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "Result.h"
#include "config/LocalizedText.h"
#include "config/OpeningHours.h"
#include "identity/IssuerKeys.h"
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
    std::string simulatedFault;  // simulated: "", "paper_out", "offline", … (simulatedFaults)
    // simulated: a file holding the fault, read at every slip and status request, so a test
    // or a demo changes what the printer reports while the terminal runs.
    std::filesystem::path simulatedFaultFile;
};

// A QR scanner of the terminal (docs/identity-codes.md): a serial module, a USB keyboard-wedge
// scanner (evdev), a camera, or a folder of images standing in for a camera.
struct ScannerConfig {
    enum class Kind { Serial, Hid, Camera, Images };
    Kind kind = Kind::Camera;
    std::string device;               // serial: the port; camera: /dev/videoN
    int baud = 9600;                  // serial
    std::string terminator = "crlf";  // serial: cr, lf, crlf or tab
    std::string name;                 // hid: a part of the input device's name
    std::filesystem::path folder;     // images
    int width = 640, height = 480;    // camera
};

// A staff window (窗口). Under the single-window model every window serves every service; a
// window may be limited to some services where a hall needs it.
struct WindowConfig {
    int number = 1;
    std::vector<char> services;  // empty: all services

    bool serves(char service) const;
};

struct StaffConfig {
    std::string id;       // what staff type at the login pad: digits
    std::string name;     // shown on their counter screen and in statistics
    std::string pinHash;  // libsodium crypto_pwhash_str (argon2id); `kioskctl staff hash-pin`
};

// The hall LAN API that counters, the call display and kioskctl use.
struct LanConfig {
    bool enabled = true;
    std::string listenAddress = "0.0.0.0";
    int port = 8443;
    std::filesystem::path certificate;  // PEM; created (self-signed) on first start if missing
    std::filesystem::path privateKey;
    std::filesystem::path devicesDir;  // one <device>.pub per enrolled device
    std::vector<std::string> certificateNames = {
        "localhost"};  // DNS names and IPs in the certificate
};

// Proof screening (社区出具证明事项): the catalogue, and the services a resident's request is
// queued for. Without a catalogue the terminal offers no screening.
struct ProofsConfig {
    std::filesystem::path catalog;
    char certificateService = 0;   // a permitted proof: its ticket, with the request attached
    char consultationService = 0;  // not recognised, or the resident wants to talk it over
    // The handwriting model (zinnia); empty: no handwriting on the search. Debian's
    // tegaki-zinnia-simplified-chinese by default.
    std::filesystem::path handwritingModel =
        "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";
};

// Identifying residents by the QR codes they show (docs/identity-codes.md).
struct IdentityConfig {
    // The key of the resident hashes kept in the store. Shared by a city's terminals, so the
    // same resident links up across halls; data_dir/identity.key (made on first use) if unset.
    std::filesystem::path hashKeyFile;
    IssuerKeys issuers;  // key id → Ed25519 public key (32 bytes) of signed identity codes
};

// The central service this hall uploads its events to (docs/central-api.yaml); none when
// `url` is empty: the hall works alone.
struct CentralLinkConfig {
    std::string url;                    // https://central.example:9443
    std::filesystem::path certificate;  // the central's certificate: the only one trusted
    std::filesystem::path keyFile;      // this terminal's key (`kioskctl central enrol`)
    // The maintainers whose signed bundles (config, catalogue, issuer keys) this hall takes:
    // key id → Ed25519 public key. None: the hall takes no bundles.
    std::map<std::string, std::string> publishers;
    int bundleCheckSeconds = 60;  // how often to ask for new bundles while the central answers
    int heartbeatSeconds = 30;    // how often the terminal's health is sent
};

// How the terminal serves residents who need more: care mode, and the panel's real size so
// that sizes given in millimetres (targets, type) are real on it.
struct AccessConfig {
    bool careMode = false;  // every visit starts in care mode (关怀模式)
    // The panel: its visible area in millimetres and its resolution in pixels. The default is
    // a 21.5" 16:9 panel in portrait at 1080 × 1920, the usual self-service terminal.
    int panelWidthMm = 268;
    int panelHeightMm = 476;
    int panelWidthPx = 1080;
    int panelHeightPx = 1920;
    // Millimetres per pixel on it: the same in any window drawn on that panel.
    float mmPerPixel() const {
        return std::sqrt(static_cast<float>(panelWidthMm) * static_cast<float>(panelHeightMm) /
                         (static_cast<float>(panelWidthPx) * static_cast<float>(panelHeightPx)));
    }
};

// Spoken guidance at the resident terminal (espeak-ng: Mandarin, Korean, English).
struct VoiceConfig {
    bool enabled = true;
    std::string device = "default";  // an ALSA device, or a .wav file that records it (tests)
    int volume = 70;                 // the hall's level, in percent, for every resident
    // Where what was said is written, a line per sentence (tests, diagnosis). It holds no
    // personal data: guidance never speaks a name or an ID number.
    std::filesystem::path transcript;
};

struct HallConfig {
    std::filesystem::path sourceFile;

    std::string hallId;
    LocalizedText hallName;
    std::vector<std::string> languages;  // the first is the default
    int utcOffsetMinutes = 8 * 60;
    int staffedWindows = 2;

    int idleTimeoutSeconds = 45;
    // Before a visit is cleared for inactivity, a warning with one tap to go on for this long
    // (WCAG 2.2.1 asks for at least 20 s).
    int timeoutWarningSeconds = 30;
    int tapGuardMs = 400;  // taps this soon after a screen change are ignored (double taps)
    std::filesystem::path assetsDir;

    std::filesystem::path dataDir;

    int numberDigits = 3;
    int priorityBurst = 2;
    int lateReinsertAfter = 3;         // a late arrival goes back in after this many waiting
    int appointmentEarlyMinutes = 10;  // an appointment counts as due this long before its time
    std::vector<PriorityCategory> priorityCategories;
    std::vector<ServiceConfig> services;
    std::vector<WindowConfig> windows;  // defaults to staffed_windows windows serving everything
    std::vector<StaffConfig> staff;
    int staffLockoutFailures = 5;  // wrong PINs in a row before the staff id is locked
    int staffLockoutMinutes = 15;

    LanConfig lan;
    AccessConfig access;
    VoiceConfig voice;

    PrinterConfig printer;
    ProofsConfig proofs;
    IdentityConfig identity;
    std::vector<ScannerConfig> scanners;
    CentralLinkConfig central;

    const std::string& defaultLanguage() const { return languages.front(); }
    const ServiceConfig* findService(char letter) const;
    const WindowConfig* findWindow(int number) const;
    const StaffConfig* findStaff(const std::string& id) const;
};

// Languages the project ships translations for (assets/i18n).
const std::vector<std::string>& supportedLanguages();

// Parses and validates a hall configuration. Every problem is reported, one per line, as
// "FILE:LINE: FIELD: what is wrong", so a maintainer can fix the file without reading code.
class TomlSection;
// `[[key]]` tables of id and public_key (Ed25519, base64 or base64url) under `parent`: key id →
// 32 raw bytes. Problems are recorded on the section; `whereFrom` tells where keys come from.
std::map<std::string, std::string> readPublicKeys(TomlSection& parent, const std::string& key,
                                                  const std::string& whereFrom);

// Adds the maintainers' keys of a folder of <id>.pub files (`kioskctl central key --pub-dir`);
// a key that is not a maintainer's, or a malformed file, is a problem of `key` on `section`.
void addMaintainerKeys(TomlSection& section, const std::string& key,
                       const std::filesystem::path& dir, std::map<std::string, std::string>& keys);

// Relative paths in the file are resolved against the file's own folder.
Result<HallConfig> loadHallConfig(const std::filesystem::path& file);
Result<HallConfig> parseHallConfig(std::string_view text, const std::filesystem::path& file);

}  // namespace hall

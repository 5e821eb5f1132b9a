#include "lan/DeviceKey.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include "config/TomlSection.h"

namespace hall {

namespace fs = std::filesystem;

std::string_view roleCode(DeviceRole r) {
    switch (r) {
        case DeviceRole::Counter:
            return "counter";
        case DeviceRole::Display:
            return "display";
        case DeviceRole::Kiosk:
            return "kiosk";
        case DeviceRole::Maintainer:
            return "maintainer";
    }
    return "counter";
}

std::optional<DeviceRole> roleFromCode(std::string_view code) {
    for (auto r :
         {DeviceRole::Counter, DeviceRole::Display, DeviceRole::Kiosk, DeviceRole::Maintainer}) {
        if (roleCode(r) == code)
            return r;
    }
    return std::nullopt;
}

std::string toBase64(std::string_view raw) {
    std::string out(sodium_base64_encoded_len(raw.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                      raw.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

std::optional<std::string> fromBase64(std::string_view text) {
    std::string out(text.size(), '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                          text.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        return std::nullopt;
    }
    out.resize(len);
    return out;
}

namespace {

bool validId(const std::string& id) {
    static const std::regex pattern(R"(^[A-Za-z0-9_-]{1,40}$)");
    return std::regex_match(id, pattern);
}

}  // namespace

Result<DeviceKey> DeviceKey::generate(const std::string& id, DeviceRole role) {
    if (sodium_init() < 0)
        return fail("libsodium cannot start");
    if (!validId(id))
        return fail("device id \"" + id + "\" must be 1–40 letters, digits, '-' or '_'");
    DeviceKey key{id, role, std::string(crypto_sign_SECRETKEYBYTES, '\0'),
                  std::string(crypto_sign_PUBLICKEYBYTES, '\0')};
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(key.publicKey.data()),
                        reinterpret_cast<unsigned char*>(key.secretKey.data()));
    return key;
}

Result<DeviceKey> DeviceKey::load(const fs::path& file) {
    if (sodium_init() < 0)
        return fail("libsodium cannot start");
    auto text = readTextFile(file);
    if (!text)
        return text.error();
    ConfigProblems problems(file);
    auto doc = parseToml(*text, problems);
    if (!doc)
        return problems.toError();
    TomlSection root(*doc, "", problems);
    DeviceKey key;
    if (auto id = root.text("id", true)) {
        if (!validId(*id))
            root.problem("id", "must be 1–40 letters, digits, '-' or '_'");
        key.id = *id;
    }
    if (auto role = root.text("role", true)) {
        if (auto r = roleFromCode(*role)) {
            key.role = *r;
        } else {
            root.problem("role", "must be counter, display, kiosk or maintainer");
        }
    }
    if (auto secret = root.text("secret_key", true)) {
        auto raw = fromBase64(*secret);
        if (!raw || raw->size() != crypto_sign_SECRETKEYBYTES) {
            root.problem(
                "secret_key",
                "is not a base64 Ed25519 secret key; make a new one with `kioskctl lan enrol`");
        } else {
            key.secretKey = *raw;
            key.publicKey =
                key.secretKey.substr(32);  // libsodium keeps the public key in the second half
        }
    }
    root.rejectUnknownKeys();
    if (!problems.empty())
        return problems.toError();
    return key;
}

Result<void> DeviceKey::save(const fs::path& file) const {
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    const std::string body =
        "# The hall LAN key of this device. Keep it secret: it acts as the device.\nid = \"" + id +
        "\"\nrole = \"" + std::string(roleCode(role)) + "\"\nsecret_key = \"" +
        toBase64(secretKey) + "\"\n";
    const mode_t old = umask(077);
    std::ofstream out(file, std::ios::trunc);
    out << body;
    out.close();
    umask(old);
    if (!out)
        return fail(file.string() + ": cannot write the device key");
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, ec);
    return {};
}

Result<void> DeviceKey::savePublic(const fs::path& dir) const {
    std::error_code ec;
    fs::create_directories(dir, ec);
    const fs::path file = dir / (id + ".pub");
    std::ofstream out(file, std::ios::trunc);
    out << "role = \"" << roleCode(role) << "\"\npublic_key = \"" << toBase64(publicKey) << "\"\n";
    if (!out)
        return fail(file.string() + ": cannot write the device's public key");
    return {};
}

std::string DeviceKey::sign(std::string_view message) const {
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), reinterpret_cast<const unsigned char*>(secretKey.data()));
    return toBase64(std::string_view(reinterpret_cast<const char*>(sig), sizeof sig));
}

EnrolledDevices loadEnrolledDevices(const fs::path& dir) {
    EnrolledDevices out;
    if (sodium_init() < 0) {
        out.problems.push_back("libsodium cannot start");
        return out;
    }
    std::error_code ec;
    if (!fs::exists(dir, ec))
        return out;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".pub")
            continue;
        const std::string id = entry.path().stem().string();
        auto text = readTextFile(entry.path());
        if (!text) {
            out.problems.push_back(text.message());
            continue;
        }
        ConfigProblems problems(entry.path());
        auto doc = parseToml(*text, problems);
        EnrolledDevice device;
        device.id = id;
        if (doc) {
            TomlSection root(*doc, "", problems);
            if (!validId(id))
                root.problemHere("the file name must be <device id>.pub");
            if (auto role = root.text("role", true)) {
                if (auto r = roleFromCode(*role)) {
                    device.role = *r;
                } else {
                    root.problem("role", "must be counter, display, kiosk or maintainer");
                }
            }
            if (auto key = root.text("public_key", true)) {
                auto raw = fromBase64(*key);
                if (!raw || raw->size() != crypto_sign_PUBLICKEYBYTES) {
                    root.problem("public_key", "is not a base64 Ed25519 public key");
                } else {
                    device.publicKey = *raw;
                }
            }
            root.rejectUnknownKeys();
        }
        if (!problems.empty()) {
            out.problems.push_back(problems.toError().message);
            continue;
        }
        out.devices[id] = device;
    }
    if (ec)
        out.problems.push_back(dir.string() + ": cannot list the folder: " + ec.message());
    return out;
}

bool verifySignature(const EnrolledDevice& device, std::string_view message,
                     std::string_view base64Signature) {
    auto sig = fromBase64(base64Signature);
    if (!sig || sig->size() != crypto_sign_BYTES ||
        device.publicKey.size() != crypto_sign_PUBLICKEYBYTES)
        return false;
    return crypto_sign_verify_detached(
               reinterpret_cast<const unsigned char*>(sig->data()),
               reinterpret_cast<const unsigned char*>(message.data()), message.size(),
               reinterpret_cast<const unsigned char*>(device.publicKey.data())) == 0;
}

}  // namespace hall

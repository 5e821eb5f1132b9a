#include "sync/Bundle.h"

#include <nlohmann/json.hpp>
#include "crypto/SignedEnvelope.h"
#include "text/UntrustedJson.h"

namespace hall::sync {

namespace {

constexpr const char* kFormat = "hall-bundle/1";

}  // namespace

std::string_view bundleKindCode(BundleKind kind) {
    switch (kind) {
        case BundleKind::Config:
            return "config";
        case BundleKind::Catalog:
            return "catalog";
        case BundleKind::IssuerKeys:
            return "issuer_keys";
        case BundleKind::Software:
            return "software";
    }
    return "config";
}

std::optional<BundleKind> bundleKindFromCode(std::string_view code) {
    for (BundleKind k : kBundleKinds) {
        if (bundleKindCode(k) == code)
            return k;
    }
    if (code == bundleKindCode(BundleKind::Software))
        return BundleKind::Software;
    return std::nullopt;
}

std::string BundleScope::code() const {
    switch (level) {
        case Level::All:
            return "all";
        case Level::District:
            return "district:" + id;
        case Level::Hall:
            return "hall:" + id;
    }
    return "all";
}

Result<BundleScope> BundleScope::parse(std::string_view code) {
    if (code == "all")
        return BundleScope{Level::All, {}};
    for (auto [prefix, level] : {std::pair{std::string_view("district:"), Level::District},
                                 std::pair{std::string_view("hall:"), Level::Hall}}) {
        if (code.substr(0, prefix.size()) == prefix && code.size() > prefix.size())
            return BundleScope{level, std::string(code.substr(prefix.size()))};
    }
    return fail("bundle.bad_scope", "\"" + std::string(code) +
                                        "\" is not a scope: write all, district:<district> or "
                                        "hall:<hall id>");
}

bool BundleScope::covers(const std::string& hallId, const std::string& district) const {
    switch (level) {
        case Level::All:
            return true;
        case Level::District:
            return !district.empty() && id == district;
        case Level::Hall:
            return id == hallId;
    }
    return false;
}

std::string signBundle(const Bundle& bundle, const DeviceKey& key) {
    const nlohmann::ordered_json body{{"format", kFormat},
                                      {"kind", bundleKindCode(bundle.kind)},
                                      {"version", bundle.version},
                                      {"scope", bundle.scope.code()},
                                      {"signed_at", bundle.signedAtMs},
                                      {"content", bundle.content}};
    return sealEnvelope("bundle", body.dump(), key);
}

Result<Bundle> openBundle(std::string_view signedText, const PublisherKeys& trusted) {
    auto opened = openEnvelope(signedText, "bundle", trusted, "bundle");
    if (!opened)
        return opened.error();
    const std::string& signer = opened->signer;
    const auto body = parseUntrustedJson(opened->bytes, 64);
    // Compared as JSON, not read as text: a number there must be refused, not thrown.
    if (!body.is_object() || !body.contains("format") || body["format"] != kFormat)
        return fail("bundle.malformed", std::string("the signed part is not a ") + kFormat);
    Bundle b;
    b.signer = signer;
    try {
        auto kind = bundleKindFromCode(body.at("kind").get<std::string>());
        if (!kind) {
            return fail("bundle.malformed", "unknown kind \"" + body.at("kind").get<std::string>() +
                                                "\" (config, catalog, issuer_keys or software)");
        }
        b.kind = *kind;
        b.version = body.at("version").get<int64_t>();
        auto scope = BundleScope::parse(body.at("scope").get<std::string>());
        if (!scope)
            return scope.error();
        b.scope = *scope;
        b.signedAtMs = body.at("signed_at").get<int64_t>();
        b.content = body.at("content").get<std::string>();
    } catch (const nlohmann::json::exception&) {
        return fail("bundle.malformed",
                    "the signed part needs kind, scope and content (text) and version and "
                    "signed_at (integers)");
    }
    if (b.version < 1)
        return fail("bundle.malformed", "version must be 1 or more");
    return b;
}

}  // namespace hall::sync

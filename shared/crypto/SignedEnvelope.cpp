#include "crypto/SignedEnvelope.h"

#include <nlohmann/json.hpp>

#include "text/UntrustedJson.h"

namespace hall {

std::string sealEnvelope(std::string_view field, std::string_view bytes, const DeviceKey& key) {
    const nlohmann::ordered_json sealed{
        {std::string(field), toBase64(bytes)}, {"signer", key.id}, {"signature", key.sign(bytes)}};
    return sealed.dump();
}

Result<OpenedEnvelope> openEnvelope(std::string_view text, std::string_view field,
                                    const std::map<std::string, std::string>& trusted,
                                    const std::string& what) {
    const std::string name(field);
    const auto outer = parseUntrustedJson(text, 64);
    if (!outer.is_object() || !outer.contains(name) || !outer[name].is_string() ||
        !outer.contains("signer") || !outer["signer"].is_string() || !outer.contains("signature") ||
        !outer["signature"].is_string()) {
        return fail(what + ".malformed", "not a signed " + what + ": expected a JSON object with " +
                                             name + ", signer and signature");
    }
    const std::string signer = outer["signer"];
    const auto key = trusted.find(signer);
    if (key == trusted.end()) {
        return fail(what + ".unknown_signer",
                    "signed by \"" + signer +
                        "\", which is not among the maintainers' keys this side trusts");
    }
    auto bytes = fromBase64(outer[name].get<std::string>());
    if (!bytes)
        return fail(what + ".malformed", "the " + what + " is not base64");
    if (!verifySignature(EnrolledDevice{signer, DeviceRole::Maintainer, key->second}, *bytes,
                         outer["signature"].get<std::string>())) {
        return fail(what + ".bad_signature",
                    "the signature of \"" + signer + "\" does not match the " + what +
                        ": it was changed after signing, or signed with another key");
    }
    return OpenedEnvelope{signer, std::move(bytes).value()};
}

}  // namespace hall

#include "identity/SignedIdentityCode.h"

#include <sodium.h>

#include <charconv>
#include <vector>

#include "crypto/Base64.h"
#include "identity/ResidentId.h"
#include "text/Utf8.h"

namespace hall {

namespace {

Error refused(const std::string& code, const std::string& message) {
    return fail("identity." + code, message);
}

std::vector<std::string> splitFields(const std::string& text) {
    std::vector<std::string> out(1);
    for (char c : text) {
        if (c == '|')
            out.emplace_back();
        else
            out.back().push_back(c);
    }
    return out;
}

std::optional<int64_t> seconds(const std::string& text) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < 0)
        return std::nullopt;
    return v;
}

bool plausibleName(const std::string& name) {
    auto chars = utf8::decode(name);
    if (!chars || chars->empty() || chars->size() > 30)
        return false;
    for (char32_t c : *chars) {
        if (c < 0x20 || c == 0x7F)
            return false;
    }
    return true;
}

}  // namespace

std::string signIdentityCode(const IdentityClaims& c, const std::string& secretKey) {
    const std::string claims = c.issuer + "|" + c.idNumber + "|" + c.name + "|" +
                               std::to_string(c.issuedAt) + "|" + std::to_string(c.expiresAt) +
                               "|" + c.nonce;
    const std::string signedText = std::string(kSignedCodePrefix) + base64UrlEncode(claims);
    std::string signature(crypto_sign_BYTES, '\0');
    crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                         reinterpret_cast<const unsigned char*>(signedText.data()),
                         signedText.size(),
                         reinterpret_cast<const unsigned char*>(secretKey.data()));
    return signedText + "." + base64UrlEncode(signature);
}

bool SignedCodePayload::recognises(std::string_view payload) const {
    return payload.substr(0, kSignedCodePrefix.size()) == kSignedCodePrefix;
}

Result<Identity> SignedCodePayload::verify(std::string_view payload, int64_t now) {
    const size_t dot = payload.find('.', kSignedCodePrefix.size());
    if (!recognises(payload) || dot == std::string_view::npos) {
        return refused("malformed", "this code is cut short or damaged; show the whole code again");
    }
    const std::string_view signedText = payload.substr(0, dot);
    auto claimsText = base64UrlDecode(signedText.substr(kSignedCodePrefix.size()));
    auto signature = base64UrlDecode(payload.substr(dot + 1));
    if (!claimsText || !signature || signature->size() != crypto_sign_BYTES) {
        return refused("malformed", "this code is cut short or damaged; show the whole code again");
    }
    std::vector<std::string> f = splitFields(*claimsText);
    sodium_memzero(claimsText->data(), claimsText->size());
    if (f.size() != 6) {
        for (auto& field : f)
            wipe(field);
        return refused("malformed", "this code does not hold the fields of an identity code");
    }
    Identity identity;
    identity.kind = IdentityKind::SignedCode;
    identity.issuer = f[0];
    identity.idNumber = std::move(f[1]);
    identity.name = std::move(f[2]);
    wipe(f[1]);
    wipe(f[2]);
    auto key = issuers_.find(identity.issuer);
    if (key == issuers_.end()) {
        return refused("unknown_issuer",
                       "this terminal does not know the issuer of this code (key id \"" +
                           identity.issuer.substr(0, 64) +
                           "\"); ask staff, or use another code or the ID card");
    }
    if (crypto_sign_verify_detached(
            reinterpret_cast<const unsigned char*>(signature->data()),
            reinterpret_cast<const unsigned char*>(signedText.data()), signedText.size(),
            reinterpret_cast<const unsigned char*>(key->second.data())) != 0) {
        return refused("bad_signature",
                       "this code's signature is not valid: it was altered or not issued by "
                       "the issuer it names; refresh the code in the app and show it again");
    }
    const auto issuedAt = seconds(f[3]);
    const auto expiresAt = seconds(f[4]);
    if (!issuedAt || !expiresAt || *expiresAt <= *issuedAt || f[5].size() < 8 || f[5].size() > 64) {
        return refused("malformed", "this code's times or nonce are not valid");
    }
    auto id = checkIdNumber(identity.idNumber);
    if (!id)
        return id.error();
    // The number as the card has it (spaces dropped, x as X): what gets masked and hashed.
    wipe(identity.idNumber);
    identity.idNumber = std::move(id).value();
    if (!plausibleName(identity.name))
        return refused("malformed", "this code's name is empty or not text");
    if (now + kClockSkewSeconds < *issuedAt) {
        return refused("not_yet_valid",
                       "this code is not valid yet (it was issued for a later time); check the "
                       "phone's clock, or ask staff to check the terminal's");
    }
    if (now > *expiresAt) {
        return refused("expired", "this code has expired; refresh it in the app and show it again");
    }
    if (!seen_.firstSight(identity.issuer + "|" + f[5], *expiresAt, now)) {
        return refused("replayed",
                       "this exact code was already used; refresh it in the app and show the "
                       "new one");
    }
    identity.expiresAt = *expiresAt;
    identity.maskedId = maskIdNumber(identity.idNumber);
    identity.maskedName = maskName(identity.name);
    return identity;
}

}  // namespace hall

#pragma once
#include <map>
#include <string>
#include <string_view>

#include "Result.h"
#include "lan/DeviceKey.h"

namespace hall {

// Bytes signed with an Ed25519 key, as JSON text: {"<field>": base64 of the bytes, "signer": key
// id, "signature": Ed25519 over those exact bytes}. Signing bytes rather than parsed JSON means
// nobody has to agree on how JSON is written out. Bundles and remote orders travel so.
std::string sealEnvelope(std::string_view field, std::string_view bytes, const DeviceKey& key);

struct OpenedEnvelope {
    std::string signer;
    std::string bytes;  // as signed
};
// Checks the signature against `trusted` (key id → Ed25519 public key) and gives back the
// signed bytes. Errors name `what` ("bundle", "order") in their code and message:
// <what>.malformed, <what>.unknown_signer, <what>.bad_signature.
Result<OpenedEnvelope> openEnvelope(std::string_view text, std::string_view field,
                                    const std::map<std::string, std::string>& trusted,
                                    const std::string& what);

}  // namespace hall

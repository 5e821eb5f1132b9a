#pragma once
#include <map>
#include <string>

namespace hall {

// The issuers of signed identity codes a terminal trusts: key id → Ed25519 public key (32 raw
// bytes), from the hall's config.
using IssuerKeys = std::map<std::string, std::string>;

}  // namespace hall

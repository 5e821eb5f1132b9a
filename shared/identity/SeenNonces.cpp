#include "identity/SeenNonces.h"

namespace hall {

void SeenNonces::forgetExpired(int64_t now) {
    while (!byExpiry_.empty() && byExpiry_.begin()->first < now) {
        byNonce_.erase(byExpiry_.begin()->second);
        byExpiry_.erase(byExpiry_.begin());
    }
}

bool SeenNonces::firstSight(const std::string& nonce, int64_t expiresAt, int64_t now) {
    forgetExpired(now);
    if (byNonce_.count(nonce))
        return false;
    // Full of live nonces (a flood of distinct valid codes): the soonest to expire goes first.
    if (byNonce_.size() >= capacity_ && !byExpiry_.empty()) {
        byNonce_.erase(byExpiry_.begin()->second);
        byExpiry_.erase(byExpiry_.begin());
    }
    byNonce_.emplace(nonce, expiresAt);
    byExpiry_.emplace(expiresAt, nonce);
    return true;
}

}  // namespace hall

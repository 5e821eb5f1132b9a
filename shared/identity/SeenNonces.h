#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace hall {

// The nonces of signed codes already accepted, until their codes expire: a code shown twice
// (a photo of a resident's phone, a replayed scan) is refused the second time. Kept in memory:
// a code lives about a minute, shorter than a terminal takes to restart.
class SeenNonces {
  public:
    explicit SeenNonces(size_t capacity = 100000) : capacity_(capacity) {}

    // False when `nonce` was seen and its code has not expired; otherwise remembers it.
    bool firstSight(const std::string& nonce, int64_t expiresAt, int64_t now);
    size_t size() const { return byNonce_.size(); }

  private:
    void forgetExpired(int64_t now);

    size_t capacity_;
    std::map<std::string, int64_t> byNonce_;
    std::set<std::pair<int64_t, std::string>> byExpiry_;
};

}  // namespace hall

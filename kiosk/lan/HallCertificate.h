#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "Result.h"

namespace hall {

// The hall's TLS certificate for its LAN API: self-signed (an ECDSA P-256 key), naming the
// hall's addresses. Counters and displays trust exactly this certificate (a copy is given to
// them at enrolment), so nobody else on the LAN can stand in for the hall.
Result<void> ensureHallCertificate(const std::filesystem::path& certificate,
                                   const std::filesystem::path& privateKey,
                                   const std::string& hallId,
                                   const std::vector<std::string>& names);

// SHA-256 fingerprint of a PEM certificate, as maintainers compare it ("AB:CD:…").
Result<std::string> certificateFingerprint(const std::filesystem::path& certificate);

// When a certificate expires, and the names (DNS and IPv4) it is valid for.
struct CertificateInfo {
    int64_t notAfterUnix = 0;
    std::vector<std::string> names;
};
Result<CertificateInfo> certificateInfo(const std::filesystem::path& certificate);

}  // namespace hall

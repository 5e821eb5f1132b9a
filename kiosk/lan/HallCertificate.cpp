#include "lan/HallCertificate.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <regex>

namespace hall {

namespace fs = std::filesystem;

namespace {

template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

bool isIpAddress(const std::string& name) {
    static const std::regex ipv4(R"(^\d{1,3}(\.\d{1,3}){3}$)");
    return std::regex_match(name, ipv4) || name.find(':') != std::string::npos;
}

}  // namespace

Result<void> ensureHallCertificate(const fs::path& certificate, const fs::path& privateKey,
                                   const std::string& hallId,
                                   const std::vector<std::string>& names) {
    std::error_code ec;
    if (fs::exists(certificate, ec) && fs::exists(privateKey, ec))
        return {};
    fs::create_directories(certificate.parent_path(), ec);
    fs::create_directories(privateKey.parent_path(), ec);

    Owned<EVP_PKEY, EVP_PKEY_free> key(EVP_EC_gen("P-256"));
    if (!key)
        return fail("cannot create the hall's TLS key (OpenSSL)");
    Owned<X509, X509_free> cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), static_cast<long>(time(nullptr)));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* subject = X509_get_subject_name(cert.get());
    const std::string cn = "hall " + hallId;
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), subject);

    std::string san;
    for (const auto& n : names)
        san += (san.empty() ? "" : ",") + std::string(isIpAddress(n) ? "IP:" : "DNS:") + n;
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    for (const auto& [nid, value] : std::vector<std::pair<int, std::string>>{
             {NID_subject_alt_name, san},
             {NID_basic_constraints, "critical,CA:TRUE"},
             {NID_key_usage, "critical,digitalSignature,keyCertSign"}}) {
        Owned<X509_EXTENSION, X509_EXTENSION_free> ext(
            X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
        if (!ext || !X509_add_ext(cert.get(), ext.get(), -1))
            return fail("cannot add \"" + value + "\" to the hall certificate");
    }
    if (!X509_sign(cert.get(), key.get(), EVP_sha256()))
        return fail("cannot sign the hall certificate");

    const mode_t old = umask(077);
    FILE* kf = std::fopen(privateKey.c_str(), "w");
    umask(old);
    if (!kf)
        return fail(privateKey.string() + ": cannot write the hall's TLS key");
    const bool keyOk =
        PEM_write_PrivateKey(kf, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
    std::fclose(kf);
    FILE* cf = std::fopen(certificate.c_str(), "w");
    if (!cf)
        return fail(certificate.string() + ": cannot write the hall certificate");
    const bool certOk = PEM_write_X509(cf, cert.get()) == 1;
    std::fclose(cf);
    if (!keyOk || !certOk)
        return fail("cannot write the hall's TLS key and certificate");
    return {};
}

namespace {

Result<Owned<X509, X509_free>> readCertificate(const fs::path& certificate) {
    FILE* f = std::fopen(certificate.c_str(), "r");
    if (!f)
        return fail(certificate.string() + ": cannot open");
    Owned<X509, X509_free> cert(PEM_read_X509(f, nullptr, nullptr, nullptr));
    std::fclose(f);
    if (!cert)
        return fail(certificate.string() + ": not a PEM certificate");
    return cert;
}

}  // namespace

Result<std::string> certificateFingerprint(const fs::path& certificate) {
    auto cert = readCertificate(certificate);
    if (!cert)
        return cert.error();
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    X509_digest(cert->get(), EVP_sha256(), md, &len);
    std::string out;
    char hex[4];
    for (unsigned i = 0; i < len; ++i) {
        std::snprintf(hex, sizeof hex, i ? ":%02X" : "%02X", md[i]);
        out += hex;
    }
    return out;
}

Result<CertificateInfo> certificateInfo(const fs::path& certificate) {
    auto cert = readCertificate(certificate);
    if (!cert)
        return cert.error();
    CertificateInfo info;
    std::tm until{};
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert->get()), &until) != 1)
        return fail(certificate.string() + ": its expiry date cannot be read");
    info.notAfterUnix = static_cast<int64_t>(timegm(&until));
    auto* names = static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(cert->get(), NID_subject_alt_name, nullptr, nullptr));
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
        if (n->type == GEN_DNS) {
            info.names.emplace_back(
                reinterpret_cast<const char*>(ASN1_STRING_get0_data(n->d.dNSName)),
                static_cast<size_t>(ASN1_STRING_length(n->d.dNSName)));
        } else if (n->type == GEN_IPADD && ASN1_STRING_length(n->d.iPAddress) == 4) {
            const unsigned char* a = ASN1_STRING_get0_data(n->d.iPAddress);
            info.names.push_back(std::to_string(a[0]) + "." + std::to_string(a[1]) + "." +
                                 std::to_string(a[2]) + "." + std::to_string(a[3]));
        }
    }
    GENERAL_NAMES_free(names);
    return info;
}

}  // namespace hall

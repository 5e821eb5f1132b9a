#include <doctest/doctest.h>
#include <sodium.h>

#include "crypto/Base64.h"
#include "identity/IdentityVerifier.h"
#include "identity/ResidentId.h"
#include "queue/Ticket.h"

using namespace hall;

namespace {

constexpr int64_t kNow = 1795000000;  // 2026-11-18
const char* kId = "11010519491231002X";
const char* kName = "张三丰";

struct Issuer {
    std::string id;
    std::string publicKey = std::string(crypto_sign_PUBLICKEYBYTES, '\0');
    std::string secretKey = std::string(crypto_sign_SECRETKEYBYTES, '\0');

    explicit Issuer(std::string keyId) : id(std::move(keyId)) {
        REQUIRE(sodium_init() >= 0);
        crypto_sign_keypair(reinterpret_cast<unsigned char*>(publicKey.data()),
                            reinterpret_cast<unsigned char*>(secretKey.data()));
    }

    std::string code(int64_t issuedAt, int64_t lifetime, std::string nonce = "n0nce-0001",
                     std::string idNumber = kId, std::string name = kName) const {
        return signIdentityCode({id, std::move(idNumber), std::move(name), issuedAt,
                                 issuedAt + lifetime, std::move(nonce)},
                                secretKey);
    }
};

std::string refusal(IdentityVerifier& v, std::string_view payload, int64_t now = kNow) {
    auto r = v.verify(payload, now);
    if (r)
        return "accepted";
    // Whatever went wrong, the message must not repeat who the code names.
    CHECK(r.message().find(kId) == std::string::npos);
    CHECK(r.message().find("110105") == std::string::npos);
    CHECK(r.message().find(kName) == std::string::npos);
    CHECK_FALSE(r.message().empty());
    return r.error().code;
}

}  // namespace

TEST_CASE("a signed identity code from a known issuer is accepted once, masked") {
    const Issuer city("yanbian-2026");
    IdentityVerifier v({{city.id, city.publicKey}}, "demo-hall");
    const std::string code = city.code(kNow - 5, 60);
    auto identity = v.verify(code, kNow);
    REQUIRE_MESSAGE(identity, (identity ? "" : identity.message()));
    CHECK(identity->kind == IdentityKind::SignedCode);
    CHECK(identity->idNumber == kId);
    CHECK(identity->maskedId == "110105********002X");
    CHECK(identity->maskedName == "张**");
    CHECK(identity->issuer == "yanbian-2026");
    CHECK(identity->expiresAt == kNow + 55);

    // The same code again (a photo of the phone, a replayed scan): refused.
    CHECK(refusal(v, code, kNow + 1) == "identity.replayed");
    // A fresh code of the same resident with a new nonce is fine.
    CHECK(refusal(v, city.code(kNow, 60, "n0nce-0002"), kNow + 2) == "accepted");
}

TEST_CASE("signed codes outside their time are refused, with room for a clock a little off") {
    const Issuer city("yanbian-2026");
    IdentityVerifier v({{city.id, city.publicKey}}, "demo-hall");
    CHECK(refusal(v, city.code(kNow - 120, 60, "expired-01")) == "identity.expired");
    CHECK(refusal(v, city.code(kNow + 600, 60, "future-001")) == "identity.not_yet_valid");
    CHECK(refusal(v, city.code(kNow + 20, 60, "skewed-001")) == "accepted");
}

TEST_CASE("a code altered, signed by someone else or from an unknown issuer is refused") {
    const Issuer city("yanbian-2026");
    const Issuer forger("yanbian-2026");  // the same key id, another key
    const Issuer stranger("elsewhere");
    IdentityVerifier v({{city.id, city.publicKey}}, "demo-hall");

    CHECK(refusal(v, forger.code(kNow, 60)) == "identity.bad_signature");
    CHECK(refusal(v, stranger.code(kNow, 60)) == "identity.unknown_issuer");

    // Another name put into a genuine code, the signature kept.
    const std::string genuine = city.code(kNow, 60, "genuine-01");
    const size_t dot = genuine.rfind('.');
    const std::string altered =
        "HID1." +
        base64UrlEncode(city.id + "|" + kId + "|李四|" + std::to_string(kNow) + "|" +
                        std::to_string(kNow + 60) + "|genuine-01") +
        genuine.substr(dot);
    CHECK(refusal(v, altered) == "identity.bad_signature");
    CHECK(refusal(v, genuine) == "accepted");
}

TEST_CASE("a signed code with a wrong ID number or no name is refused even when signed") {
    const Issuer city("yanbian-2026");
    IdentityVerifier v({{city.id, city.publicKey}}, "demo-hall");
    CHECK(refusal(v, city.code(kNow, 60, "bad-check-1", "110105194912310021")) ==
          "identity.bad_id_number");
    CHECK(refusal(v, city.code(kNow, 60, "no-name-001", kId, "")) == "identity.malformed");
    CHECK(refusal(v, city.code(kNow, 60, "short")) == "identity.malformed");  // nonce too short
}

TEST_CASE("a signed number written with a space or a small x is taken as the card has it") {
    // Found by the fuzzer: the check accepted "110105194912310 02X" but the identity kept the
    // space, so its masked form and hash would not match the same resident's card.
    const Issuer city("yanbian-2026");
    IdentityVerifier v({{city.id, city.publicKey}}, "demo-hall");
    auto spaced = v.verify(city.code(kNow, 60, "spaced-001", "110105194912310 02x"), kNow);
    REQUIRE(spaced);
    CHECK(spaced->idNumber == kId);
    CHECK(spaced->maskedId == "110105********002X");
}

TEST_CASE("a code cut short at any length is never accepted") {
    const Issuer city("yanbian-2026");
    IdentityVerifier v({{city.id, city.publicKey}}, "demo-hall");
    const std::string code = city.code(kNow, 60, "truncated-1");
    for (size_t n = 0; n < code.size(); ++n)
        CHECK(refusal(v, code.substr(0, n)) != "accepted");
    CHECK(refusal(v, code) == "accepted");
}

TEST_CASE("garbage, binary, oversized and empty payloads are refused with their reason") {
    IdentityVerifier v({}, "demo-hall");
    CHECK(refusal(v, "") == "identity.empty");
    CHECK(refusal(v, "\r\n") == "identity.empty");
    CHECK(refusal(v, "https://example.com/menu") == "identity.not_recognised");
    CHECK(refusal(v, std::string("\xff\xfe\x00\x01", 4)) == "identity.not_text");
    CHECK(refusal(v, std::string(5000, 'A')) == "identity.too_large");
    CHECK(refusal(v, "HID1.") == "identity.malformed");
    CHECK(refusal(v, "HID1.!!!.???") == "identity.malformed");
}

TEST_CASE("a bare ID card number: check digit, birth date and province are checked") {
    IdentityVerifier v({}, "demo-hall");
    auto ok = v.verify(std::string(kId) + "\r\n", kNow);  // as a serial scanner sends it
    REQUIRE(ok);
    CHECK(ok->kind == IdentityKind::IdNumber);
    CHECK(ok->maskedId == "110105********002X");
    CHECK(ok->maskedName.empty());
    CHECK(refusal(v, "110105194912310021") == "identity.bad_id_number");  // check digit
    CHECK(refusal(v, "11010519491331002X") == "identity.bad_id_number");  // month 13
    CHECK(refusal(v, "11010520230229002X") == "identity.bad_id_number");  // 2023-02-29
    CHECK(refusal(v, "990105194912310024") == "identity.bad_id_number");  // no province 99
    CHECK(refusal(v, "11010519491231002") == "identity.not_recognised");  // 17 characters
}

TEST_CASE("the hall's own ticket codes name a ticket of this hall only") {
    IdentityVerifier v({}, "demo-hall");
    const std::string ticketId(32, 'a');
    auto ours = v.verify(ticketQrPayload("demo-hall", ticketId), kNow);
    REQUIRE(ours);
    CHECK(ours->kind == IdentityKind::HallTicket);
    CHECK(ours->ticketId == ticketId);
    CHECK(ours->idNumber.empty());
    CHECK(refusal(v, ticketQrPayload("other-hall", ticketId)) == "identity.other_hall");
    CHECK(refusal(v, "HALLTICKET:1:demo-hall:xyz") == "identity.malformed");
}

namespace {

// The central service's side of an online token, as the sync issue will serve it: here a
// fixed table of the tokens it issued.
class IssuedTokens : public OnlineIdentityCheck {
  public:
    Result<Identity> check(std::string_view token, int64_t) override {
        ++asked;
        if (token != "dG9rZW4tb2YtYS1yZXNpZGVudA")
            return fail("identity.online_refused", "the city's service does not know this code");
        Identity identity;
        identity.kind = IdentityKind::OnlineToken;
        identity.maskedId = "220102********1234";
        identity.maskedName = "金*";
        return identity;
    }
    int asked = 0;
};

}  // namespace

TEST_CASE("an online token goes to the central service, or is refused plainly without one") {
    IdentityVerifier offline({}, "demo-hall");
    CHECK(refusal(offline, "HOT1.dG9rZW4tb2YtYS1yZXNpZGVudA") == "identity.needs_online");
    CHECK(refusal(offline, "HOT1.short") == "identity.malformed");

    auto central = std::make_shared<IssuedTokens>();
    IdentityVerifier online({}, "demo-hall", central);
    auto ok = online.verify("HOT1.dG9rZW4tb2YtYS1yZXNpZGVudA", kNow);
    REQUIRE(ok);
    CHECK(ok->maskedName == "金*");
    CHECK(refusal(online, "HOT1.dW5rbm93bi10b2tlbi0xMjM0") == "identity.online_refused");
    CHECK(refusal(online, "HOT1.has spaces in it, not base64") == "identity.malformed");
    CHECK(central->asked == 2);  // the malformed one never went out
}

TEST_CASE("a verified identity's personal fields are wiped with it") {
    Identity identity;
    identity.idNumber = kId;
    identity.name = kName;
    identity.maskedId = maskIdNumber(kId);
    identity.wipe();
    CHECK(identity.idNumber.empty());
    CHECK(identity.name.empty());
    CHECK(identity.maskedId == "110105********002X");
    CHECK(maskName("欧阳修") == "欧**");
    CHECK(maskName("") == "");
}

TEST_CASE("seen nonces are forgotten when their codes expire, and bounded") {
    SeenNonces seen(3);
    CHECK(seen.firstSight("a", 100, 10));
    CHECK_FALSE(seen.firstSight("a", 100, 50));
    CHECK(seen.firstSight("a", 200, 101));  // the first code expired at 100
    CHECK(seen.firstSight("b", 300, 101));
    CHECK(seen.firstSight("c", 300, 101));
    CHECK(seen.firstSight("d", 300, 101));  // full: "a", soonest to expire, is dropped
    CHECK(seen.size() == 3);
}

#include "orders/RemoteOrder.h"

#include <regex>

#include "crypto/SignedEnvelope.h"
#include "text/UntrustedJson.h"
#include "text/Utf8.h"

namespace hall::orders {

namespace {

constexpr const char* kFormat = "hall-order/1";
constexpr size_t kMaxMessageBytes = 200;
constexpr size_t kMaxOutcomes = 32;

bool validId(const std::string& id) {
    static const std::regex pattern(R"(^[A-Za-z0-9_-]{16,64}$)");
    return std::regex_match(id, pattern);
}

}  // namespace

std::string_view orderKindCode(OrderKind kind) {
    switch (kind) {
        case OrderKind::Screenshot:
            return "screenshot";
        case OrderKind::Restart:
            return "restart";
        case OrderKind::OutOfService:
            return "out_of_service";
        case OrderKind::InService:
            return "in_service";
    }
    return "screenshot";
}

std::optional<OrderKind> orderKindFromCode(std::string_view code) {
    for (auto k : {OrderKind::Screenshot, OrderKind::Restart, OrderKind::OutOfService,
                   OrderKind::InService}) {
        if (orderKindCode(k) == code)
            return k;
    }
    return std::nullopt;
}

std::string signOrder(const RemoteOrder& o, const DeviceKey& key) {
    const nlohmann::ordered_json body{{"format", kFormat},
                                      {"id", o.id},
                                      {"kind", orderKindCode(o.kind)},
                                      {"terminal", o.terminalId},
                                      {"message", o.message},
                                      {"issued_at", o.issuedAtMs},
                                      {"expires_at", o.expiresAtMs},
                                      {"by", o.by}};
    return sealEnvelope("order", body.dump(), key);
}

Result<RemoteOrder> openOrder(std::string_view signedText,
                              const std::map<std::string, std::string>& trusted) {
    auto opened = openEnvelope(signedText, "order", trusted, "order");
    if (!opened)
        return opened.error();
    const auto body = parseUntrustedJson(opened->bytes, 8);
    if (!body.is_object() || !body.contains("format") || body["format"] != kFormat)
        return fail("order.malformed", std::string("the signed part is not a ") + kFormat);
    RemoteOrder o;
    o.signer = opened->signer;
    try {
        o.id = body.at("id").get<std::string>();
        auto kind = orderKindFromCode(body.at("kind").get<std::string>());
        if (!kind)
            return fail("order.malformed", "unknown kind \"" + body.at("kind").get<std::string>() +
                                               "\" (screenshot, restart, out_of_service or "
                                               "in_service)");
        o.kind = *kind;
        o.terminalId = body.at("terminal").get<std::string>();
        o.message = body.at("message").get<std::string>();
        o.issuedAtMs = body.at("issued_at").get<int64_t>();
        o.expiresAtMs = body.at("expires_at").get<int64_t>();
        o.by = body.at("by").get<std::string>();
    } catch (const nlohmann::json::exception&) {
        return fail("order.malformed",
                    "the signed part needs id, kind, terminal, message and by (text) and "
                    "issued_at and expires_at (integers)");
    }
    if (!validId(o.id))
        return fail("order.malformed", "id must be 16 to 64 letters, digits, '-' or '_'");
    if (o.message.size() > kMaxMessageBytes || !utf8::isValid(o.message))
        return fail("order.malformed", "message must be UTF-8 text of at most 200 bytes");
    if (o.expiresAtMs <= o.issuedAtMs)
        return fail("order.malformed", "expires_at must come after issued_at");
    return o;
}

Result<void> checkOrderFor(const RemoteOrder& o, const std::string& terminalId, int64_t nowMs) {
    if (o.terminalId != terminalId)
        return fail("order.wrong_terminal", "order " + o.id + " is for terminal \"" +
                                                utf8::truncateBytes(o.terminalId, 64) +
                                                "\", not this one");
    if (nowMs >= o.expiresAtMs)
        return fail("order.expired", "order " + o.id + " expired " +
                                         std::to_string((nowMs - o.expiresAtMs) / 1000) +
                                         " s ago: ask for it again");
    return {};
}

nlohmann::json outcomesJson(const std::vector<OrderOutcome>& outcomes) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& o : outcomes)
        list.push_back({{"id", o.id}, {"status", o.status}, {"detail", o.detail}});
    return list;
}

Result<OrderOutcome> parseOutcome(const nlohmann::json& o) {
    if (!o.is_object() || !o.contains("id") || !o["id"].is_string() || !o.contains("status") ||
        !o["status"].is_string() || !o.contains("detail") || !o["detail"].is_string())
        return fail("sync.bad_request", "orders[] must have id, status and detail (text)");
    OrderOutcome outcome{o["id"], o["status"], o["detail"]};
    if (!validId(outcome.id))
        return fail("sync.bad_request", "orders[].id is not an order's id");
    if (outcome.status != "done" && outcome.status != "refused" && outcome.status != "failed")
        return fail("sync.bad_request", "orders[].status must be done, refused or failed");
    if (!utf8::isValid(outcome.detail))
        return fail("sync.bad_request", "orders[].detail must be UTF-8 text");
    outcome.detail = utf8::truncateBytes(outcome.detail, 300);
    return outcome;
}

Result<std::vector<OrderOutcome>> parseOutcomes(const nlohmann::json& list) {
    if (!list.is_array() || list.size() > kMaxOutcomes)
        return fail("sync.bad_request", "orders must be a list of at most 32 outcomes");
    std::vector<OrderOutcome> out;
    for (const auto& o : list) {
        auto outcome = parseOutcome(o);
        if (!outcome)
            return outcome.error();
        out.push_back(std::move(outcome).value());
    }
    return out;
}

}  // namespace hall::orders

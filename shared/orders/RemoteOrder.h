#pragma once
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "Result.h"
#include "lan/DeviceKey.h"

namespace hall::orders {

// What a maintainer may order a terminal to do from afar (docs/central-api.yaml, "Orders").
enum class OrderKind { Screenshot, Restart, OutOfService, InService };
std::string_view orderKindCode(OrderKind kind);  // screenshot, restart, out_of_service, in_service
std::optional<OrderKind> orderKindFromCode(std::string_view code);

// An order for one terminal, signed like a bundle (crypto/SignedEnvelope) by a maintainer's key
// or by the central's order key on behalf of the maintainer signed in to the console (`by`).
// The terminal carries out an order once (OrderLedger), only while it is fresh, and only if
// it is its own.
struct RemoteOrder {
    std::string id;  // 16–64 of [A-Za-z0-9_-]
    OrderKind kind = OrderKind::Screenshot;
    std::string terminalId;
    std::string message;  // out_of_service: what residents read (at most 200 bytes)
    int64_t issuedAtMs = 0;
    int64_t expiresAtMs = 0;
    std::string by;      // the maintainer who ordered it
    std::string signer;  // the key that signed it (as opened)
};

std::string signOrder(const RemoteOrder& order, const DeviceKey& key);
// Codes: order.malformed, order.unknown_signer, order.bad_signature.
Result<RemoteOrder> openOrder(std::string_view signedText,
                              const std::map<std::string, std::string>& trusted);
// Whether this terminal may carry it out now: order.wrong_terminal, order.expired.
Result<void> checkOrderFor(const RemoteOrder& order, const std::string& terminalId, int64_t nowMs);

// What became of an order on the terminal, reported with its next heartbeats until the central
// has it.
struct OrderOutcome {
    std::string id;
    std::string status;  // done, refused, failed
    std::string detail;  // why, for maintainers
    bool operator==(const OrderOutcome&) const = default;
};
nlohmann::json outcomesJson(const std::vector<OrderOutcome>& outcomes);
Result<OrderOutcome> parseOutcome(const nlohmann::json& outcome);
// At most 32; refused (sync.bad_request) naming the field otherwise.
Result<std::vector<OrderOutcome>> parseOutcomes(const nlohmann::json& list);

}  // namespace hall::orders

#include "OrderBook.h"

#include <algorithm>
#include <map>

#include "crypto/Random.h"

namespace hall {

namespace {

constexpr int64_t kOrderLifeMs = 24 * 3600 * 1000;

}  // namespace

Result<OrderRecord> OrderBook::place(const std::string& terminalId, orders::OrderKind kind,
                                     const std::string& message, const std::string& by,
                                     int64_t nowMs) {
    OrderRecord r;
    r.order.id = randomHex(16);
    r.order.kind = kind;
    r.order.terminalId = terminalId;
    r.order.message = message;
    r.order.issuedAtMs = nowMs;
    r.order.expiresAtMs = nowMs + kOrderLifeMs;
    r.order.by = by;
    r.order.signer = key_.id;
    r.signedText = orders::signOrder(r.order, key_);
    auto kept = db_.query(
        "INSERT INTO orders (id, terminal_id, kind, message, signed, ordered_by, created_at, "
        "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {r.order.id, terminalId, std::string(orders::orderKindCode(kind)), message, r.signedText,
         by, std::to_string(nowMs), std::to_string(r.order.expiresAtMs)},
        "keeping an order");
    if (!kept)
        return kept.error();
    return r;
}

Result<std::vector<std::string>> OrderBook::pendingFor(const std::string& terminalId,
                                                       int64_t nowMs) {
    auto rows = db_.query(
        "UPDATE orders SET status = 'sent', sent_at = ? WHERE terminal_id = ? AND status IN "
        "('pending', 'sent') AND expires_at > ? RETURNING signed, created_at",
        {std::to_string(nowMs), terminalId, std::to_string(nowMs)}, "handing out orders");
    if (!rows)
        return rows.error();
    std::sort(rows->begin(), rows->end(),
              [](const auto& a, const auto& b) { return std::stoll(a[1]) < std::stoll(b[1]); });
    std::vector<std::string> out;
    for (const auto& r : *rows)
        out.push_back(r[0]);
    return out;
}

Result<std::vector<std::string>> OrderBook::settle(
    const std::string& terminalId, const std::vector<orders::OrderOutcome>& outcomes,
    int64_t nowMs) {
    std::vector<std::string> have;
    for (const auto& o : outcomes) {
        // Only the terminal's own orders, and only once: a second report changes nothing.
        auto r = db_.query(
            "UPDATE orders SET status = ?, detail = ?, finished_at = ? WHERE id = ? AND "
            "terminal_id = ? AND status IN ('pending', 'sent')",
            {o.status, o.detail, std::to_string(nowMs), o.id, terminalId}, "settling an order");
        if (!r)
            return r.error();
        have.push_back(o.id);
    }
    return have;
}

Result<void> OrderBook::keepScreenshot(const std::string& terminalId, const std::string& orderId,
                                       const std::string& png, int64_t nowMs) {
    return db_.transaction(
        [&](SqlDatabase& db) -> Result<void> {
            auto order = db.query("SELECT kind FROM orders WHERE id = ? AND terminal_id = ?",
                                  {orderId, terminalId}, "finding a screenshot's order");
            if (!order)
                return order.error();
            if (order->empty() || (*order)[0][0] != "screenshot")
                return fail("central.unknown_order",
                            "no screenshot order " + orderId + " for this terminal");
            auto kept = db.query("DELETE FROM screenshots WHERE terminal_id = ?", {terminalId},
                                 "keeping a screenshot");
            if (!kept)
                return kept.error();
            kept = db.query(
                "INSERT INTO screenshots (terminal_id, order_id, taken_at, png) VALUES (?, ?, ?, "
                "?)",
                {terminalId, orderId, std::to_string(nowMs), toBase64(png)},
                "keeping a screenshot");
            if (!kept)
                return kept.error();
            return {};
        },
        "keeping a screenshot");
}

Result<std::optional<Screenshot>> OrderBook::screenshot(const std::string& terminalId) {
    auto rows = db_.query("SELECT order_id, taken_at, png FROM screenshots WHERE terminal_id = ?",
                          {terminalId}, "reading a screenshot");
    if (!rows)
        return rows.error();
    if (rows->empty())
        return std::optional<Screenshot>();
    const auto& r = (*rows)[0];
    return std::optional<Screenshot>(
        Screenshot{r[0], std::stoll(r[1]), fromBase64(r[2]).value_or(std::string())});
}

Result<std::vector<OrderRecord>> OrderBook::ordersOf(const std::string& terminalId, int limit) {
    auto rows = db_.query(
        "SELECT signed, status, detail, sent_at, finished_at FROM orders WHERE terminal_id = ? "
        "ORDER BY created_at DESC LIMIT " +
            std::to_string(limit),
        {terminalId}, "reading a terminal's orders");
    if (!rows)
        return rows.error();
    std::vector<OrderRecord> out;
    const std::map<std::string, std::string> own{{key_.id, key_.publicKey}};
    for (const auto& r : *rows) {
        auto order = orders::openOrder(r[0], own);
        if (!order)
            continue;  // signed by an earlier order key: listed no more
        out.push_back({*order, r[0], r[1], r[2], std::stoll(r[3]), std::stoll(r[4])});
    }
    return out;
}

}  // namespace hall

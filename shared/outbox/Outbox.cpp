#include "outbox/Outbox.h"

#include "crypto/Random.h"

namespace hall {

Result<void> Outbox::append(Database& db, std::string_view type, TimePoint occurredAt,
                            const nlohmann::json& payload) {
    auto stmt = Statement::prepare(
        db, "INSERT INTO outbox (event_id, type, occurred_at, payload) VALUES (?1, ?2, ?3, ?4)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, randomHex(16))
        .bind(2, type)
        .bind(3, toUnixMillis(occurredAt))
        .bind(4, payload.dump());
    return stmt->run("recording a " + std::string(type) + " event");
}

Result<int64_t> Outbox::pendingCount(Database& db) {
    auto stmt = Statement::prepare(db, "SELECT count(*) FROM outbox");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step("counting outbox events");
    if (!row)
        return row.error();
    return stmt->integer(0);
}

Result<std::vector<OutboxEvent>> Outbox::oldest(Database& db, size_t max) {
    auto stmt = Statement::prepare(
        db, "SELECT seq, event_id, type, occurred_at, payload FROM outbox ORDER BY seq LIMIT ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, static_cast<int64_t>(max));
    std::vector<OutboxEvent> out;
    while (true) {
        auto row = stmt->step("reading the outbox");
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.push_back(
            {stmt->integer(0), stmt->text(1), stmt->text(2), stmt->integer(3), stmt->text(4)});
    }
}

Result<void> Outbox::acknowledge(Database& db, int64_t seq) {
    auto stmt = Statement::prepare(db, "DELETE FROM outbox WHERE seq <= ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, seq);
    return stmt->run("removing acknowledged events");
}

}  // namespace hall

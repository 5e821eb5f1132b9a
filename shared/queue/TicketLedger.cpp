#include "queue/TicketLedger.h"

namespace hall {

namespace {

constexpr const char* kColumns =
    "id, service_day, service, seq, number, priority, status, issued_at";

Ticket readTicket(const Statement& s) {
    Ticket t;
    t.id = s.text(0);
    t.serviceDay = s.text(1);
    const std::string service = s.text(2);
    t.service = service.empty() ? '?' : service[0];
    t.seq = static_cast<int>(s.integer(3));
    t.number = s.text(4);
    if (!s.isNull(5))
        t.priority = priorityFromCode(s.text(5));
    t.status = statusFromCode(s.text(6)).value_or(TicketStatus::Waiting);
    t.issuedAtMs = s.integer(7);
    return t;
}

Result<std::vector<Ticket>> readAll(Statement& stmt, std::string_view what) {
    std::vector<Ticket> out;
    while (true) {
        auto row = stmt.step(what);
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back(readTicket(stmt));
    }
    return out;
}

}  // namespace

Result<int> TicketLedger::nextSeq(Database& db, const std::string& serviceDay, char service) {
    auto stmt = Statement::prepare(
        db,
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM tickets WHERE service_day = ?1 AND service = ?2");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, serviceDay).bind(2, std::string_view(&service, 1));
    auto row = stmt->step("numbering a ticket");
    if (!row)
        return row.error();
    return static_cast<int>(stmt->integer(0));
}

Result<void> TicketLedger::insert(Database& db, const Ticket& t) {
    auto stmt = Statement::prepare(
        db,
        "INSERT INTO tickets (id, service_day, service, seq, number, priority, status, "
        "issued_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, t.id)
        .bind(2, t.serviceDay)
        .bind(3, std::string_view(&t.service, 1))
        .bind(4, int64_t{t.seq})
        .bind(5, t.number);
    if (t.priority) {
        stmt->bind(6, priorityCode(*t.priority));
    } else {
        stmt->bindNull(6);
    }
    stmt->bind(7, statusCode(t.status)).bind(8, t.issuedAtMs);
    return stmt->run("saving ticket " + t.number);
}

Result<std::vector<Ticket>> TicketLedger::waiting(Database& db, const std::string& serviceDay) {
    auto stmt = Statement::prepare(db, std::string("SELECT ") + kColumns +
                                           " FROM tickets WHERE service_day = ?1 AND status = "
                                           "'waiting' ORDER BY issued_at, rowid");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, serviceDay);
    return readAll(*stmt, "loading the waiting queue");
}

Result<std::vector<Ticket>> TicketLedger::all(Database& db) {
    auto stmt = Statement::prepare(
        db, std::string("SELECT ") + kColumns + " FROM tickets ORDER BY issued_at, rowid");
    if (!stmt)
        return stmt.error();
    return readAll(*stmt, "listing tickets");
}

Result<std::optional<Ticket>> TicketLedger::latest(Database& db, const std::string& serviceDay) {
    auto stmt = Statement::prepare(db, std::string("SELECT ") + kColumns +
                                           " FROM tickets WHERE service_day = ?1 "
                                           "ORDER BY issued_at DESC, rowid DESC LIMIT 1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, serviceDay);
    auto row = stmt->step("finding the latest ticket");
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Ticket>();
    return std::optional<Ticket>(readTicket(*stmt));
}

}  // namespace hall

#include "queue/TicketLedger.h"

namespace hall {

namespace {

constexpr const char* kColumns =
    "id, service_day, service, seq, number, priority, status, issued_at, queue_key, "
    "appointment_at, transferred_to, target_window, called_window, called_by, called_at, recalls, "
    "finished_at, outcome, note, no_show_at, request_item, request_name, proof_status, "
    "proof_number, resident_masked, resident_hash";

std::optional<char> letterOrNone(const Statement& s, int column) {
    if (s.isNull(column))
        return std::nullopt;
    const std::string t = s.text(column);
    return t.empty() ? std::nullopt : std::optional<char>(t[0]);
}

std::optional<int64_t> integerOrNone(const Statement& s, int column) {
    if (s.isNull(column))
        return std::nullopt;
    return s.integer(column);
}

Ticket readTicket(const Statement& s) {
    Ticket t;
    t.id = s.text(0);
    t.serviceDay = s.text(1);
    t.service = letterOrNone(s, 2).value_or('?');
    t.seq = static_cast<int>(s.integer(3));
    t.number = s.text(4);
    if (!s.isNull(5))
        t.priority = priorityFromCode(s.text(5));
    t.status = statusFromCode(s.text(6)).value_or(TicketStatus::Waiting);
    t.issuedAtMs = s.integer(7);
    t.queueKey = s.isNull(8) ? static_cast<double>(t.issuedAtMs) : s.real(8);
    t.appointmentAtMs = integerOrNone(s, 9);
    t.transferredTo = letterOrNone(s, 10);
    if (auto w = integerOrNone(s, 11))
        t.targetWindow = static_cast<int>(*w);
    if (auto w = integerOrNone(s, 12))
        t.calledWindow = static_cast<int>(*w);
    t.calledBy = s.text(13);
    t.calledAtMs = integerOrNone(s, 14).value_or(0);
    t.recalls = static_cast<int>(s.integer(15));
    t.finishedAtMs = integerOrNone(s, 16).value_or(0);
    t.outcome = s.text(17);
    t.note = s.text(18);
    t.noShowAtMs = integerOrNone(s, 19).value_or(0);
    t.requestItem = s.text(20);
    t.requestName = s.text(21);
    t.proofStatus = s.text(22);
    t.proofNumber = s.text(23);
    // resident_masked (column 24) is empty since schema 5: the masked form is for the screen
    // only, and kept in memory while the resident is here.
    t.residentHash = s.text(25);
    t.identified = !t.residentHash.empty();
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

void bindLetter(Statement& s, int index, std::optional<char> letter) {
    if (letter) {
        s.bind(index, std::string_view(&*letter, 1));
    } else {
        s.bindNull(index);
    }
}

void bindInt(Statement& s, int index, std::optional<int64_t> v) {
    if (v) {
        s.bind(index, *v);
    } else {
        s.bindNull(index);
    }
}

void bindPositive(Statement& s, int index, int64_t v) {
    bindInt(s, index, v > 0 ? std::optional<int64_t>(v) : std::nullopt);
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
        "INSERT INTO tickets (id, service_day, service, seq, number, priority, status, issued_at, "
        "queue_key, appointment_at, request_item, request_name, resident_masked, resident_hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
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
    stmt->bind(7, statusCode(t.status)).bind(8, t.issuedAtMs).bindReal(9, t.queueKey);
    bindInt(*stmt, 10, t.appointmentAtMs);
    stmt->bind(11, t.requestItem).bind(12, t.requestName);
    stmt->bind(13, std::string()).bind(14, t.residentHash);
    return stmt->run("saving ticket " + t.number);
}

Result<void> TicketLedger::update(Database& db, const Ticket& t) {
    auto stmt = Statement::prepare(
        db,
        "UPDATE tickets SET status = ?2, queue_key = ?3, transferred_to = ?4, target_window = ?5, "
        "called_window = ?6, called_by = ?7, called_at = ?8, recalls = ?9, finished_at = ?10, "
        "outcome = ?11, note = ?12, no_show_at = ?13, proof_status = ?14, proof_number = ?15 "
        "WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, t.id).bind(2, statusCode(t.status)).bindReal(3, t.queueKey);
    bindLetter(*stmt, 4, t.transferredTo);
    bindInt(*stmt, 5, t.targetWindow ? std::optional<int64_t>(*t.targetWindow) : std::nullopt);
    bindInt(*stmt, 6, t.calledWindow ? std::optional<int64_t>(*t.calledWindow) : std::nullopt);
    stmt->bind(7, t.calledBy);
    bindPositive(*stmt, 8, t.calledAtMs);
    stmt->bind(9, int64_t{t.recalls});
    bindPositive(*stmt, 10, t.finishedAtMs);
    stmt->bind(11, t.outcome).bind(12, t.note);
    bindPositive(*stmt, 13, t.noShowAtMs);
    stmt->bind(14, t.proofStatus).bind(15, t.proofNumber);
    return stmt->run("updating ticket " + t.number);
}

Result<std::vector<Ticket>> TicketLedger::ofDay(Database& db, const std::string& serviceDay) {
    auto stmt = Statement::prepare(
        db, std::string("SELECT ") + kColumns +
                " FROM tickets WHERE service_day = ?1 ORDER BY issued_at, rowid");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, serviceDay);
    return readAll(*stmt, "loading the day's queue");
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

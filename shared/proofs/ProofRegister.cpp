#include "proofs/ProofRegister.h"

#include <cstdio>

#include "outbox/Outbox.h"

namespace hall {

namespace {

constexpr const char* kReportedThrough = "proofs.reported_through";

Result<std::vector<std::string>> column(Database& db, const std::string& sql,
                                        const std::vector<std::string>& args,
                                        std::string_view what) {
    auto stmt = Statement::prepare(db, sql);
    if (!stmt)
        return stmt.error();
    for (size_t i = 0; i < args.size(); ++i)
        stmt->bind(static_cast<int>(i + 1), args[i]);
    std::vector<std::string> out;
    while (true) {
        auto row = stmt->step(what);
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.push_back(stmt->text(0));
    }
}

// Counts grouped by the first column: {"value": count}.
Result<nlohmann::json> countsBy(Database& db, const std::string& sql, const std::string& day,
                                std::string_view what) {
    auto stmt = Statement::prepare(db, sql);
    if (!stmt)
        return stmt.error();
    stmt->bind(1, day);
    nlohmann::json out = nlohmann::json::object();
    while (true) {
        auto row = stmt->step(what);
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out[stmt->text(0)] = stmt->integer(1);
    }
}

}  // namespace

Result<std::string> ProofRegister::nextNumber(Database& db, int year) {
    auto stmt = Statement::prepare(
        db, "SELECT COALESCE(MAX(seq), 0) + 1 FROM proof_register WHERE year = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, int64_t{year});
    auto row = stmt->step("numbering a proof");
    if (!row)
        return row.error();
    char number[32];
    std::snprintf(number, sizeof number, "%04d-%04lld", year,
                  static_cast<long long>(stmt->integer(0)));
    return std::string(number);
}

Result<void> ProofRegister::insert(Database& db, const RegisterEntry& e) {
    auto stmt = Statement::prepare(
        db,
        "INSERT INTO proof_register (number, year, seq, service_day, issued_at, ticket_id, "
        "item_id, item_name, resident_masked, resident_hash, staff_id, window) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    if (!stmt)
        return stmt.error();
    const int64_t year = std::stoll(e.number.substr(0, 4));
    const int64_t seq = std::stoll(e.number.substr(5));
    stmt->bind(1, e.number)
        .bind(2, year)
        .bind(3, seq)
        .bind(4, e.serviceDay)
        .bind(5, e.issuedAtMs)
        .bind(6, e.ticketId)
        .bind(7, e.itemId)
        .bind(8, e.itemName)
        .bind(9, std::string())  // no masked form at rest since schema 5
        .bind(10, e.residentHash)
        .bind(11, e.staffId)
        .bind(12, int64_t{e.window});
    return stmt->run("registering proof " + e.number);
}

Result<std::vector<RegisterEntry>> ProofRegister::ofDay(Database& db,
                                                        const std::string& serviceDay) {
    auto stmt = Statement::prepare(
        db,
        "SELECT number, service_day, issued_at, ticket_id, item_id, item_name, "
        "resident_hash, staff_id, window FROM proof_register WHERE service_day = ?1 "
        "ORDER BY year, seq");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, serviceDay);
    std::vector<RegisterEntry> out;
    while (true) {
        auto row = stmt->step("reading the proof register");
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.push_back(RegisterEntry{stmt->text(0), stmt->text(1), stmt->integer(2), stmt->text(3),
                                    stmt->text(4), stmt->text(5), stmt->text(6), stmt->text(7),
                                    static_cast<int>(stmt->integer(8))});
    }
}

Result<void> ProofRegister::recordRefusal(Database& db, const ProofRefusal& r) {
    auto stmt = Statement::prepare(
        db,
        "INSERT INTO proof_refusals (service_day, at, ticket_id, item_id, reason, staff_id, "
        "window) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, r.serviceDay)
        .bind(2, r.atMs)
        .bind(3, r.ticketId)
        .bind(4, r.itemId)
        .bind(5, r.reason)
        .bind(6, r.staffId)
        .bind(7, int64_t{r.window});
    return stmt->run("recording a refused proof");
}

Result<void> ProofRegister::recordScreening(Database& db, const Screening& s) {
    auto stmt = Statement::prepare(
        db,
        "INSERT INTO screenings (service_day, at, via, decision, item_id, department, words) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, s.serviceDay)
        .bind(2, s.atMs)
        .bind(3, s.via)
        .bind(4, s.decision)
        .bind(5, s.itemId)
        .bind(6, s.department)
        .bind(7, s.words);
    return stmt->run("recording a screening");
}

Result<nlohmann::json> ProofRegister::dayFigures(Database& db, const std::string& day) {
    auto decisions = countsBy(
        db, "SELECT decision, COUNT(*) FROM screenings WHERE service_day = ?1 GROUP BY decision",
        day, "counting screenings");
    if (!decisions)
        return decisions.error();
    auto departments = countsBy(db,
                                "SELECT department, COUNT(*) FROM screenings WHERE service_day = "
                                "?1 AND decision = 'not_issued' GROUP BY department",
                                day, "counting not-issued requests");
    if (!departments)
        return departments.error();
    auto refusals = countsBy(
        db, "SELECT reason, COUNT(*) FROM proof_refusals WHERE service_day = ?1 GROUP BY reason",
        day, "counting refused proofs");
    if (!refusals)
        return refusals.error();
    auto issued = countsBy(db,
                           "SELECT item_id, COUNT(*) FROM proof_register WHERE service_day = ?1 "
                           "GROUP BY item_id",
                           day, "counting issued proofs");
    if (!issued)
        return issued.error();
    int64_t issuedTotal = 0;
    for (const auto& [item, n] : issued->items())
        issuedTotal += n.get<int64_t>();
    return nlohmann::json{{"screened", *decisions},
                          {"not_issued_by_department", *departments},
                          {"issued", issuedTotal},
                          {"issued_by_item", *issued},
                          {"refused_by_reason", *refusals}};
}

Result<int> ProofRegister::reportDays(Database& db, const std::string& today, TimePoint now) {
    auto reported = column(db, "SELECT value FROM store_meta WHERE key = ?1", {kReportedThrough},
                           "reading the last reported day");
    if (!reported)
        return reported.error();
    const std::string since = reported->empty() ? std::string() : reported->front();
    auto days = column(db,
                       "SELECT DISTINCT service_day FROM screenings WHERE service_day > ?1 AND "
                       "service_day < ?2 ORDER BY service_day",
                       {since, today}, "finding days to report");
    if (!days)
        return days.error();
    if (days->empty())
        return 0;
    auto tx = Transaction::begin(db, "reporting not-issued requests");
    if (!tx)
        return tx.error();
    for (const auto& day : *days) {
        auto departments = countsBy(db,
                                    "SELECT department, COUNT(*) FROM screenings WHERE "
                                    "service_day = ?1 AND decision = 'not_issued' "
                                    "GROUP BY department",
                                    day, "counting not-issued requests");
        if (!departments)
            return departments.error();
        int64_t total = 0;
        for (const auto& [department, n] : departments->items())
            total += n.get<int64_t>();
        const nlohmann::json event{{"day", day}, {"total", total}, {"by_department", *departments}};
        if (auto r = Outbox::append(db, "proofs.daily_not_issued", now, event); !r)
            return r.error();
    }
    auto mark = Statement::prepare(db,
                                   "INSERT INTO store_meta (key, value) VALUES (?1, ?2) "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!mark)
        return mark.error();
    mark->bind(1, kReportedThrough).bind(2, days->back());
    if (auto r = mark->run("marking the reported days"); !r)
        return r.error();
    if (auto r = tx->commit(); !r)
        return r.error();
    return static_cast<int>(days->size());
}

}  // namespace hall

#include "ConsoleAccess.h"

#include "crypto/Hashing.h"
#include "crypto/Random.h"

namespace hall {

std::string_view consoleRoleCode(ConsoleRole role) {
    switch (role) {
        case ConsoleRole::Viewer:
            return "viewer";
        case ConsoleRole::Operator:
            return "operator";
        case ConsoleRole::Publisher:
            return "publisher";
    }
    return "viewer";
}

std::optional<ConsoleRole> consoleRoleFromCode(std::string_view code) {
    for (auto r : {ConsoleRole::Viewer, ConsoleRole::Operator, ConsoleRole::Publisher}) {
        if (consoleRoleCode(r) == code)
            return r;
    }
    return std::nullopt;
}

Result<std::string> ConsoleAccess::createLogin(const std::string& maintainer, ConsoleRole role,
                                               int64_t nowMs) {
    const std::string token = randomHex(32);
    auto r = db_.query(
        "INSERT INTO console_logins (token_hash, maintainer, role, expires_at) VALUES (?, ?, ?, ?)",
        {sha256Hex(token), maintainer, std::string(consoleRoleCode(role)),
         std::to_string(nowMs + loginValidity_.count())},
        "keeping a console login");
    if (!r)
        return r.error();
    return token;
}

Result<std::pair<std::string, ConsoleSession>> ConsoleAccess::signIn(const std::string& token,
                                                                     int64_t nowMs) {
    std::pair<std::string, ConsoleSession> made;
    auto done = db_.transaction(
        [&](SqlDatabase& db) -> Result<void> {
            // Spent by this UPDATE or not at all: two instances cannot both take it.
            auto spent = db.query(
                "UPDATE console_logins SET used_at = ? WHERE token_hash = ? AND used_at = 0 AND "
                "expires_at > ? RETURNING maintainer, role",
                {std::to_string(nowMs), sha256Hex(token), std::to_string(nowMs)},
                "spending a console login");
            if (!spent)
                return spent.error();
            if (spent->empty())
                return fail("console.bad_login",
                            "this sign-in link is unknown, used already or expired: run "
                            "`kioskctl central login` for a new one");
            ConsoleSession s;
            s.maintainer = (*spent)[0][0];
            s.role = consoleRoleFromCode((*spent)[0][1]).value_or(ConsoleRole::Viewer);
            s.csrf = randomHex(32);
            s.expiresAtMs = nowMs + sessionLength_.count();
            made.first = randomHex(32);
            auto kept = db.query(
                "INSERT INTO console_sessions (id_hash, maintainer, role, csrf, created_at, "
                "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                {sha256Hex(made.first), s.maintainer, std::string(consoleRoleCode(s.role)), s.csrf,
                 std::to_string(nowMs), std::to_string(s.expiresAtMs)},
                "keeping a console session");
            if (!kept)
                return kept.error();
            made.second = std::move(s);
            return {};
        },
        "signing in to the console");
    if (!done)
        return done.error();
    return made;
}

Result<ConsoleSession> ConsoleAccess::session(const std::string& id, int64_t nowMs) {
    auto rows = db_.query(
        "SELECT maintainer, role, csrf, expires_at FROM console_sessions WHERE id_hash = ? AND "
        "ended_at = 0 AND expires_at > ?",
        {sha256Hex(id), std::to_string(nowMs)}, "reading a console session");
    if (!rows)
        return rows.error();
    if (rows->empty())
        return fail("console.signed_out",
                    "not signed in, or the session has ended: run `kioskctl central login` and "
                    "open the link it prints");
    const auto& r = (*rows)[0];
    return ConsoleSession{r[0], consoleRoleFromCode(r[1]).value_or(ConsoleRole::Viewer), r[2],
                          std::stoll(r[3])};
}

Result<void> ConsoleAccess::signOut(const std::string& id, int64_t nowMs) {
    auto r = db_.query("UPDATE console_sessions SET ended_at = ? WHERE id_hash = ?",
                       {std::to_string(nowMs), sha256Hex(id)}, "ending a console session");
    if (!r)
        return r.error();
    return {};
}

}  // namespace hall

// Staff log in at a counter with their id and PIN. Wrong PINs are counted in the store (so a
// restart does not reset them), per staff member and counter: they lock that id on that counter
// for a while, and a counter that keeps failing whatever the id (someone trying PINs) is locked
// for every id. Sessions are stored as hashes and belong to the counter that logged in.
#include "crypto/Hashing.h"
#include "crypto/Random.h"
#include "outbox/Outbox.h"
#include "queue/QueueEngine.h"

namespace hall {

namespace {

constexpr int64_t kSessionMs = 12LL * 3600 * 1000;
// The row that counts a counter's failures for every id.
constexpr const char* kAnyStaff = "*";
// A counter is locked for every id after this many times the per-id limit.
constexpr int kDeviceLimitFactor = 3;

struct LoginState {
    int failures = 0;
    int64_t lockedUntilMs = 0;
};

Result<LoginState> loginState(Database& db, const std::string& staffId, const std::string& device) {
    auto stmt = Statement::prepare(db,
                                   "SELECT failures, locked_until FROM staff_login_failures "
                                   "WHERE staff_id = ?1 AND device_id = ?2");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, staffId).bind(2, device);
    auto row = stmt->step("reading login attempts");
    if (!row)
        return row.error();
    if (!*row)
        return LoginState{};
    return LoginState{static_cast<int>(stmt->integer(0)), stmt->integer(1)};
}

Result<void> saveLoginState(Database& db, const std::string& staffId, const std::string& device,
                            const LoginState& s) {
    auto stmt = Statement::prepare(
        db,
        "INSERT INTO staff_login_failures (staff_id, device_id, failures, locked_until) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (staff_id, device_id) DO UPDATE SET "
        "failures = excluded.failures, locked_until = excluded.locked_until");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, staffId).bind(2, device).bind(3, int64_t{s.failures}).bind(4, s.lockedUntilMs);
    return stmt->run("saving login attempts");
}

// One more failure in `state`: locked (and the count started again) once it reaches `limit`.
bool countFailure(LoginState& state, int limit, int64_t lockUntilMs) {
    ++state.failures;
    if (state.failures < limit)
        return false;
    state.lockedUntilMs = lockUntilMs;
    state.failures = 0;
    return true;
}

}  // namespace

Result<StaffSession> QueueEngine::login(const std::string& staffId, const std::string& pin,
                                        const std::string& device) {
    const StaffConfig* staff = config_.findStaff(staffId);
    std::string hash;
    {
        std::lock_guard lock(mutex_);
        if (!store_) {
            if (auto r = connectLocked(); !r)
                return r.error();
        }
        const int64_t now = toUnixMillis(clock_.now());
        for (const std::string& who : {staffId, std::string(kAnyStaff)}) {
            auto state = loginState(store_->db(), who, device);
            if (!state)
                return state.error();
            if (state->lockedUntilMs > now) {
                const auto until =
                    toHallLocal(fromUnixMillis(state->lockedUntilMs), config_.utcOffsetMinutes);
                return fail(
                    "auth.locked",
                    (who == kAnyStaff ? "this counter" : "staff " + staffId + " on this counter") +
                        std::string(" is locked until ") + until.clockText() +
                        " after too many wrong PINs; wait, use another counter, or ask a "
                        "maintainer");
            }
        }
        if (staff)
            hash = staff->pinHash;
    }
    // Outside the lock: the hash check is slow on purpose, and tickets must not wait for it.
    const bool ok = staff && !pin.empty() && pin.size() <= 32 && verifyPin(hash, pin);

    std::lock_guard lock(mutex_);
    Database& db = store_->db();
    auto tx = Transaction::begin(db, "logging in");
    if (!tx)
        return tx.error();
    auto state = loginState(db, staffId, device);
    if (!state)
        return state.error();
    const TimePoint now = clock_.now();
    if (!ok) {
        const int64_t until = toUnixMillis(now) + config_.staffLockoutMinutes * 60'000LL;
        const bool locks = countFailure(*state, config_.staffLockoutFailures, until);
        const int left = config_.staffLockoutFailures - state->failures;
        if (auto r = saveLoginState(db, staffId, device, *state); !r)
            return r.error();
        auto anyStaff = loginState(db, kAnyStaff, device);
        if (!anyStaff)
            return anyStaff.error();
        countFailure(*anyStaff, config_.staffLockoutFailures * kDeviceLimitFactor, until);
        if (auto r = saveLoginState(db, kAnyStaff, device, *anyStaff); !r)
            return r.error();
        if (auto r = Outbox::append(db, locks ? "staff.locked" : "staff.login_failed", now,
                                    {{"staff_id", staffId}, {"device", device}});
            !r) {
            return r.error();
        }
        if (auto r = tx->commit(); !r)
            return r.error();
        if (locks) {
            return fail("auth.locked",
                        "wrong PIN: staff " + staffId + " is now locked on this counter for " +
                            std::to_string(config_.staffLockoutMinutes) + " minutes");
        }
        return fail("auth.wrong_pin",
                    "the staff id or PIN is wrong (" + std::to_string(left) + " tries left)");
    }
    if (auto r = saveLoginState(db, staffId, device, LoginState{}); !r)
        return r.error();
    StaffSession session{randomHex(32), staff->id, staff->name, toUnixMillis(now) + kSessionMs};
    auto stmt = Statement::prepare(
        db,
        "INSERT INTO staff_sessions (token_hash, staff_id, device_id, expires_at) "
        "VALUES (?1, ?2, ?3, ?4)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, sha256Hex(session.token))
        .bind(2, staff->id)
        .bind(3, device)
        .bind(4, session.expiresAtMs);
    if (auto r = stmt->run("saving the staff session"); !r)
        return r.error();
    (void)db.exec(
        "DELETE FROM staff_sessions WHERE expires_at < " + std::to_string(toUnixMillis(now)),
        "pruning sessions");
    if (auto r =
            Outbox::append(db, "staff.login", now, {{"staff_id", staff->id}, {"device", device}});
        !r)
        return r.error();
    if (auto r = tx->commit(); !r)
        return r.error();
    ++revision_;
    if (changed_)
        changed_();
    return session;
}

Result<void> QueueEngine::logout(const std::string& token, const std::string& device) {
    std::lock_guard lock(mutex_);
    if (!store_)
        return fail("store.cannot_open", "the store is not open");
    auto stmt = Statement::prepare(
        store_->db(), "DELETE FROM staff_sessions WHERE token_hash = ?1 AND device_id = ?2");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, sha256Hex(token)).bind(2, device);
    return stmt->run("ending the staff session");
}

std::optional<std::string> QueueEngine::staffForToken(const std::string& token,
                                                      const std::string& device) {
    if (token.empty())
        return std::nullopt;
    std::lock_guard lock(mutex_);
    if (!store_)
        return std::nullopt;
    auto stmt = Statement::prepare(
        store_->db(),
        "SELECT staff_id FROM staff_sessions WHERE token_hash = ?1 AND expires_at > ?2 "
        "AND device_id = ?3");
    if (!stmt)
        return std::nullopt;
    stmt->bind(1, sha256Hex(token)).bind(2, toUnixMillis(clock_.now())).bind(3, device);
    auto row = stmt->step("checking a staff session");
    if (!row || !*row)
        return std::nullopt;
    return stmt->text(0);
}

}  // namespace hall

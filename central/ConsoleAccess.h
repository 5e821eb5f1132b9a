#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "Result.h"
#include "SqlDatabase.h"

namespace hall {

// What a maintainer may do, in order: a viewer reads; an operator also gives terminals orders
// (screenshot, restart, out of service) and makes enrolment codes; a publisher also publishes
// bundles and software. central.toml [roles] gives each maintainer key its role.
enum class ConsoleRole { Viewer, Operator, Publisher };
std::string_view consoleRoleCode(ConsoleRole role);
std::optional<ConsoleRole> consoleRoleFromCode(std::string_view code);

struct ConsoleSession {
    std::string maintainer;
    ConsoleRole role = ConsoleRole::Viewer;
    std::string csrf;  // sent back by the page with every change (X-CSRF-Token)
    int64_t expiresAtMs = 0;
};

// Sign-in to the web console without a shared password: a maintainer's own key signs a request
// for a one-time login (`kioskctl central login`), which the browser spends once, within
// minutes, for a session cookie. Only hashes of logins and sessions are kept, in the shared
// database, so a copied database signs nobody in and any instance behind a load balancer knows
// every session.
class ConsoleAccess {
  public:
    explicit ConsoleAccess(SqlDatabase& db,
                           std::chrono::milliseconds loginValidity = std::chrono::minutes(5),
                           std::chrono::milliseconds sessionLength = std::chrono::hours(8))
        : db_(db), loginValidity_(loginValidity), sessionLength_(sessionLength) {}

    // A one-time login token for `maintainer` with `role`.
    Result<std::string> createLogin(const std::string& maintainer, ConsoleRole role, int64_t nowMs);
    // Spends the token: the new session's id (for the cookie; given once, kept only as a hash)
    // and the session. console.bad_login if the token is unknown, spent or expired.
    Result<std::pair<std::string, ConsoleSession>> signIn(const std::string& token, int64_t nowMs);
    // The live session a cookie names: console.signed_out if none (ended, expired, unknown).
    Result<ConsoleSession> session(const std::string& id, int64_t nowMs);
    Result<void> signOut(const std::string& id, int64_t nowMs);

    std::chrono::milliseconds sessionLength() const { return sessionLength_; }

  private:
    SqlDatabase& db_;
    std::chrono::milliseconds loginValidity_;
    std::chrono::milliseconds sessionLength_;
};

}  // namespace hall

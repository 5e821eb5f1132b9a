#pragma once
// The hall LAN API's messages (documented in docs/hall-lan-api.md): queue commands and the
// queue snapshot as JSON, shared by the hall's server and its clients so both read them the
// same way.
#include <nlohmann/json.hpp>

#include <string>

#include "Result.h"
#include "queue/QueueCommand.h"
#include "queue/QueueSnapshot.h"

namespace hall::lan {

inline constexpr const char* kPathTime = "/api/v1/time";
inline constexpr const char* kPathLogin = "/api/v1/login";
inline constexpr const char* kPathLogout = "/api/v1/logout";
inline constexpr const char* kPathCommands = "/api/v1/commands";
inline constexpr const char* kPathQueue = "/api/v1/queue";
inline constexpr const char* kPathStats = "/api/v1/stats";

inline constexpr size_t kMaxBodyBytes = 16 * 1024;

nlohmann::json commandToJson(const QueueCommand& command);
// Refuses anything malformed with "request.bad_command" and says which field is wrong.
Result<QueueCommand> commandFromJson(const nlohmann::json& body);

// What a command asks for, as a hash: a retry with the same Idempotency-Key must ask for the
// same thing (request.key_reused otherwise). Holds no ID number.
std::string commandFingerprint(const QueueCommand& command);

// `withResidents`: the masked ID number of a resident identified at the terminal, on the ticket at
// each window — for counters and maintainers, not for the display or other kiosks.
nlohmann::json snapshotToJson(const QueueSnapshot& s, bool withResidents = false);
Result<QueueSnapshot> snapshotFromJson(const nlohmann::json& j);
Ticket ticketFromJson(const nlohmann::json& j);

nlohmann::json errorJson(const Error& e);
// The HTTP status for an error code: 400 bad request, 401 not authenticated, 403 not allowed,
// 404 unknown, 409 conflict with the queue's state, 413 too large, 422 invalid value, 423
// locked, 503 the hall's store cannot take it now (safe to retry).
int httpStatusFor(const std::string& code);

}  // namespace hall::lan

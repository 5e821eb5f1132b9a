#pragma once
#include "SqlDatabase.h"

namespace hall {

// The tables of the maintainers' console, its orders and its audit log, in the central's one
// database (SQLite file or PostgreSQL).
extern const SqlSchema kConsoleSchema;

}  // namespace hall

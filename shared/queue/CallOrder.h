#pragma once
#include <vector>

#include "queue/Ticket.h"

namespace hall {

// The order in which waiting tickets are called, and so what "people ahead" means.
//
// The rule (documented in docs/queue.md): priority tickets (优先) are called before regular
// ones, oldest first; but after `burst` priority calls in a row while a regular ticket is
// waiting, the longest-waiting regular ticket is called next, so regular tickets are never
// starved. `streak` is how many priority tickets have just been called in a row.
//
// `waiting` must be in queue order (oldest first). Returns indices into `waiting`.
std::vector<size_t> callOrder(const std::vector<const Ticket*>& waiting, int burst, int streak);

}  // namespace hall

#include "queue/QueueCommand.h"

namespace hall {

std::string_view commandName(const QueueCommand& command) {
    static constexpr std::string_view names[] = {
        "issue_ticket", "open_window", "pause_window", "resume_window", "close_window", "call_next",
        "recall",       "no_show",     "reinstate",    "transfer",      "finish",       "rate"};
    return names[command.index()];
}

const std::vector<std::string>& ratingReasons() {
    static const std::vector<std::string> reasons{"fast",    "friendly", "clear",      "slow",
                                                  "unclear", "impolite", "asked_again"};
    return reasons;
}

}  // namespace hall

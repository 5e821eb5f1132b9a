#include "queue/QueueCommand.h"

namespace hall {

std::string_view commandName(const QueueCommand& command) {
    static constexpr std::string_view names[] = {
        "issue_ticket",     "open_window", "pause_window",  "resume_window",
        "close_window",     "call_next",   "recall",        "no_show",
        "reinstate",        "transfer",    "finish",        "rate",
        "record_screening", "issue_proof", "decline_proof", "call_help",
        "acknowledge_help"};
    static_assert(std::size(names) == std::variant_size_v<QueueCommand>);
    return names[command.index()];
}

const std::vector<std::string>& proofDeclineReasons() {
    // 不符合出具条件, 材料不全, 无法核实, 不属于社区出具事项
    static const std::vector<std::string> reasons{"conditions_not_met", "materials_incomplete",
                                                  "cannot_verify", "not_community_matter"};
    return reasons;
}

const std::vector<std::string>& ratingReasons() {
    static const std::vector<std::string> reasons{"fast",    "friendly", "clear",      "slow",
                                                  "unclear", "impolite", "asked_again"};
    return reasons;
}

}  // namespace hall

#pragma once
#include <cstdint>
#include <string>

namespace hall {

// A resident at a terminal asked for a member of staff (一键呼叫, 首问负责): which terminal,
// what the resident was doing there (the screen, never their data), and who went.
struct HelpCall {
    int64_t id = 0;
    std::string terminal;
    std::string doing;
    int64_t calledMs = 0;
    int64_t acknowledgedMs = 0;  // 0 while nobody has answered
    std::string acknowledgedBy;

    bool open() const { return acknowledgedMs == 0; }
};

}  // namespace hall

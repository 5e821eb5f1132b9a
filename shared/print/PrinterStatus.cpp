#include "print/PrinterStatus.h"

namespace hall {

std::string PrinterStatus::describe() const {
    std::string out = online ? "online" : "offline";
    auto add = [&](bool on, const char* what) {
        if (on)
            out += std::string(", ") + what;
    };
    add(coverOpen, "cover open");
    add(paperOut, "out of paper");
    add(paperNearEnd && !paperOut, "paper near its end");
    add(cutterError, "cutter error");
    add(otherError, "in error");
    return out;
}

}  // namespace hall

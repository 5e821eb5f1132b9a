#include "printer/SimulatedPrinter.h"

namespace hall {

Result<void> SimulatedPrinter::print(const Slip& slip) {
    std::lock_guard lock(mutex_);
    if (fault_ == "paper_out")
        return fail("simulated printer: out of paper");
    if (fault_ == "offline")
        return fail("simulated printer: offline");
    if (fault_ == "cover_open")
        return fail("simulated printer: cover open");
    if (fault_ == "cutter_error")
        return fail("simulated printer: cutter error");
    printed_.push_back(slip);
    return {};
}

std::vector<Slip> SimulatedPrinter::printed() const {
    std::lock_guard lock(mutex_);
    return printed_;
}

void SimulatedPrinter::setFault(std::string fault) {
    std::lock_guard lock(mutex_);
    fault_ = std::move(fault);
}

}  // namespace hall

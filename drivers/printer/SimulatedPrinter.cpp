#include "printer/SimulatedPrinter.h"

#include <fstream>

namespace hall {

PrinterStatus simulatedStatus(const std::string& fault) {
    PrinterStatus s;
    s.online = fault != "offline";
    s.paperOut = fault == "paper_out";
    s.paperNearEnd = fault == "paper_near_end";
    s.coverOpen = fault == "cover_open";
    s.cutterError = fault == "cutter_error";
    return s;
}

std::string SimulatedPrinter::fault() const {
    if (faultFile_.empty())
        return fault_;
    // A missing or empty file is a printer without a fault, as an unplugged sensor would be.
    std::ifstream in(faultFile_);
    std::string word;
    in >> word;
    return word;
}

Result<void> SimulatedPrinter::print(const Slip& slip) {
    std::lock_guard lock(mutex_);
    const std::string now = fault();
    if (now == "paper_out")
        return fail("simulated printer: out of paper");
    if (now == "offline")
        return fail("simulated printer: offline");
    if (now == "cover_open")
        return fail("simulated printer: cover open");
    if (now == "cutter_error")
        return fail("simulated printer: cutter error");
    printed_.push_back(slip);
    return {};
}

Result<PrinterStatus> SimulatedPrinter::status() {
    std::lock_guard lock(mutex_);
    return simulatedStatus(fault());
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

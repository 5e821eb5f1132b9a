#pragma once
#include <mutex>
#include <vector>

#include "printer/ReceiptPrinter.h"

namespace hall {

// The printer's twin for tests and demos: keeps the slips it was given and can be told to
// fail the way real printers do.
class SimulatedPrinter final : public ReceiptPrinter {
  public:
    explicit SimulatedPrinter(std::string fault = {}) : fault_(std::move(fault)) {}
    Result<void> print(const Slip& slip) override;
    std::string describe() const override { return "simulated printer"; }

    std::vector<Slip> printed() const;
    void setFault(std::string fault);

  private:
    mutable std::mutex mutex_;
    std::string fault_;  // "", "paper_out" or "offline"
    std::vector<Slip> printed_;
};

}  // namespace hall

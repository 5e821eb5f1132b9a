#pragma once
#include <filesystem>
#include <mutex>
#include <vector>

#include "printer/ReceiptPrinter.h"

namespace hall {

// The printer's twin for tests and demos: keeps the slips it was given and fails, and reports
// its status, the way real printers do. Its fault is set in the config, by setFault, or in a
// file read at every slip and status request (a test changes it while the terminal runs).
class SimulatedPrinter final : public ReceiptPrinter {
  public:
    explicit SimulatedPrinter(std::string fault = {}, std::filesystem::path faultFile = {})
        : fault_(std::move(fault)), faultFile_(std::move(faultFile)) {}
    Result<void> print(const Slip& slip) override;
    Result<PrinterStatus> status() override;
    std::string describe() const override { return "simulated printer"; }

    std::vector<Slip> printed() const;
    void setFault(std::string fault);

  private:
    std::string fault() const;  // with mutex_ held

    mutable std::mutex mutex_;
    std::string fault_;
    std::filesystem::path faultFile_;
    std::vector<Slip> printed_;
};

// What a printer with `fault` (PrinterConfig::simulatedFault's words) reports.
PrinterStatus simulatedStatus(const std::string& fault);

}  // namespace hall

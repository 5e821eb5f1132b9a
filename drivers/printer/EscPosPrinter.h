#pragma once
#include <memory>

#include "printer/ByteSink.h"
#include "printer/EscPosEncoder.h"
#include "printer/ReceiptPrinter.h"

namespace hall {

class EscPosPrinter final : public ReceiptPrinter {
  public:
    explicit EscPosPrinter(std::unique_ptr<ByteSink> sink, EscPosOptions options = {})
        : sink_(std::move(sink)), options_(options) {}
    Result<void> print(const Slip& slip) override;
    std::string describe() const override { return "ESC/POS " + sink_->describe(); }

  private:
    std::unique_ptr<ByteSink> sink_;
    EscPosOptions options_;
};

}  // namespace hall

#pragma once
#include <memory>

#include "printer/ByteSink.h"
#include "printer/EscPosEncoder.h"
#include "printer/ReceiptPrinter.h"

namespace hall {

class EscPosPrinter final : public ReceiptPrinter {
  public:
    // `asked`: where its status is asked (the config it was made from); kind none: it has no
    // status to give.
    explicit EscPosPrinter(std::unique_ptr<ByteSink> sink, EscPosOptions options = {},
                           PrinterConfig asked = {})
        : sink_(std::move(sink)), options_(options), asked_(std::move(asked)) {}
    Result<void> print(const Slip& slip) override;
    Result<PrinterStatus> status() override;
    std::string describe() const override { return "ESC/POS " + sink_->describe(); }

  private:
    std::unique_ptr<ByteSink> sink_;
    EscPosOptions options_;
    PrinterConfig asked_;
};

}  // namespace hall

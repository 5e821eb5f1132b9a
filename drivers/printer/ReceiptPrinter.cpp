#include "printer/ReceiptPrinter.h"

#include "printer/EscPosPrinter.h"
#include "printer/SimulatedPrinter.h"

namespace hall {

std::unique_ptr<ReceiptPrinter> makeReceiptPrinter(const PrinterConfig& config) {
    const std::chrono::milliseconds timeout(config.timeoutMs);
    switch (config.kind) {
        case PrinterConfig::Kind::None:
            return nullptr;
        case PrinterConfig::Kind::Simulated:
            return std::make_unique<SimulatedPrinter>(config.simulatedFault,
                                                      config.simulatedFaultFile);
        case PrinterConfig::Kind::File:
            return std::make_unique<EscPosPrinter>(makeFileSink(config.path), EscPosOptions{},
                                                   config);
        case PrinterConfig::Kind::Device:
            return std::make_unique<EscPosPrinter>(makeDeviceSink(config.path, timeout),
                                                   EscPosOptions{}, config);
        case PrinterConfig::Kind::Tcp:
            return std::make_unique<EscPosPrinter>(makeTcpSink(config.host, config.port, timeout),
                                                   EscPosOptions{}, config);
    }
    return nullptr;
}

}  // namespace hall

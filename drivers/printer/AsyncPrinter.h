#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "printer/ReceiptPrinter.h"

namespace hall {

// Runs a printer on its own thread so a slow or dead printer never stalls a frame. Slips are
// printed in order; `onDone` is called on the printer thread with each job's outcome.
class AsyncPrinter {
  public:
    using Done = std::function<void(uint64_t job, Result<void> outcome)>;

    AsyncPrinter(std::unique_ptr<ReceiptPrinter> printer, Done onDone);
    ~AsyncPrinter();
    AsyncPrinter(const AsyncPrinter&) = delete;
    AsyncPrinter& operator=(const AsyncPrinter&) = delete;

    uint64_t submit(Slip slip);
    // The printer's status, asked between slips and never in the middle of one (on a serial
    // line the question would land inside the slip). Blocks: call it off the UI thread.
    Result<PrinterStatus> status();
    const ReceiptPrinter& printer() const { return *printer_; }

  private:
    void run();

    std::unique_ptr<ReceiptPrinter> printer_;
    Done onDone_;
    std::mutex mutex_;
    std::mutex deviceMutex_;  // held while the printer is printing or asked
    std::condition_variable wake_;
    std::deque<std::pair<uint64_t, Slip>> jobs_;
    uint64_t nextJob_ = 1;
    bool stopping_ = false;
    std::thread worker_;
};

}  // namespace hall

#include "printer/AsyncPrinter.h"

namespace hall {

AsyncPrinter::AsyncPrinter(std::unique_ptr<ReceiptPrinter> printer, Done onDone)
    : printer_(std::move(printer)), onDone_(std::move(onDone)), worker_([this] { run(); }) {}

AsyncPrinter::~AsyncPrinter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    worker_.join();
}

uint64_t AsyncPrinter::submit(Slip slip) {
    uint64_t id = 0;
    {
        std::lock_guard lock(mutex_);
        id = nextJob_++;
        jobs_.emplace_back(id, std::move(slip));
    }
    wake_.notify_one();
    return id;
}

Result<PrinterStatus> AsyncPrinter::status() {
    std::lock_guard device(deviceMutex_);
    return printer_->status();
}

void AsyncPrinter::run() {
    while (true) {
        std::pair<uint64_t, Slip> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty())
                return;  // stopping with nothing left to print
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        Result<void> outcome;
        {
            std::lock_guard device(deviceMutex_);
            outcome = printer_->print(job.second);
        }
        onDone_(job.first, std::move(outcome));
    }
}

}  // namespace hall

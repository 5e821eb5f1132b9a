#include "orders/OrderDesk.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "crypto/Hashing.h"
#include "sync/BundleStore.h"

namespace hall {

namespace {

std::filesystem::path noticeFile(const std::filesystem::path& dir) {
    return dir / "out-of-service";
}

}  // namespace

Result<std::unique_ptr<OrderDesk>> OrderDesk::open(std::string terminalId,
                                                   std::map<std::string, std::string> trusted,
                                                   const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    auto ledger = orders::OrderLedger::open(dir / "ledger.json");
    if (!ledger)
        return ledger.error();
    std::unique_ptr<OrderDesk> desk(
        new OrderDesk(std::move(terminalId), std::move(trusted), dir, std::move(ledger).value()));
    std::ifstream in(noticeFile(dir));
    if (in) {
        std::stringstream text;
        text << in.rdbuf();
        desk->outOfService_ = text.str();
    }
    return desk;
}

OrderDesk::OrderDesk(std::string terminalId, std::map<std::string, std::string> trusted,
                     std::filesystem::path dir, orders::OrderLedger ledger)
    : terminalId_(std::move(terminalId)),
      trusted_(std::move(trusted)),
      dir_(std::move(dir)),
      ledger_(std::move(ledger)) {}

void OrderDesk::record(const orders::OrderOutcome& outcome) {
    if (auto r = ledger_.record(outcome); !r)
        std::fprintf(stderr, "kiosk: order %s: %s\n", outcome.id.c_str(), r.message().c_str());
}

void OrderDesk::received(const std::vector<std::string>& signedOrders, int64_t nowMs) {
    std::lock_guard lock(mutex_);
    for (const auto& text : signedOrders) {
        // A central that keeps handing out what this terminal refused is told, and logged,
        // once: the same text is not looked at again.
        if (!refused_.insert(sha256Hex(text)).second)
            continue;
        auto order = orders::openOrder(text, trusted_);
        Result<void> fit =
            order ? orders::checkOrderFor(*order, terminalId_, nowMs) : Result<void>(order.error());
        if (!fit) {
            // Reported back only when it names an order of ours: a forgery has no id to trust.
            std::fprintf(stderr, "kiosk: an order was refused: %s: %s\n", fit.error().code.c_str(),
                         fit.message().c_str());
            if (order && order->terminalId == terminalId_ && !ledger_.outcomeOf(order->id))
                record({order->id, "refused", fit.message()});
            continue;
        }
        refused_.erase(sha256Hex(text));  // not refused after all
        if (ledger_.outcomeOf(order->id) || taken_.contains(order->id))
            continue;  // carried out (or on its way) already: once is enough
        std::fprintf(stderr, "kiosk: order %s from %s: %s\n", order->id.c_str(), order->by.c_str(),
                     std::string(orders::orderKindCode(order->kind)).c_str());
        taken_.insert(order->id);
        waiting_.push_back(std::move(order).value());
    }
}

std::vector<orders::OrderOutcome> OrderDesk::unreported() {
    std::lock_guard lock(mutex_);
    return ledger_.unreported();
}

void OrderDesk::settled(const std::vector<std::string>& ids) {
    std::lock_guard lock(mutex_);
    if (auto r = ledger_.markReported(ids); !r)
        std::fprintf(stderr, "kiosk: orders: %s\n", r.message().c_str());
}

std::optional<orders::RemoteOrder> OrderDesk::next() {
    std::lock_guard lock(mutex_);
    if (waiting_.empty())
        return std::nullopt;
    auto order = std::move(waiting_.front());
    waiting_.pop_front();
    return order;
}

void OrderDesk::finished(const orders::RemoteOrder& order, const std::string& status,
                         const std::string& detail) {
    std::lock_guard lock(mutex_);
    record({order.id, status, detail});
    taken_.erase(order.id);
}

std::filesystem::path OrderDesk::screenshotFile(const orders::RemoteOrder& order) const {
    return dir_ / ("screenshot-" + order.id + ".png");
}

void OrderDesk::screenshotTaken(const orders::RemoteOrder& order,
                                const std::filesystem::path& file) {
    std::lock_guard lock(mutex_);
    screenshot_ = std::make_pair(order.id, file);
}

std::optional<std::pair<std::string, std::filesystem::path>> OrderDesk::screenshotToSend() {
    std::lock_guard lock(mutex_);
    return screenshot_;
}

void OrderDesk::screenshotSent(const std::string& orderId, const std::string& failure) {
    std::lock_guard lock(mutex_);
    if (!screenshot_ || screenshot_->first != orderId)
        return;
    std::error_code ec;
    std::filesystem::remove(screenshot_->second, ec);
    screenshot_.reset();
    record({orderId, failure.empty() ? "done" : "failed", failure});
    taken_.erase(orderId);
}

std::optional<std::string> OrderDesk::outOfService() const {
    std::lock_guard lock(mutex_);
    return outOfService_;
}

void OrderDesk::setOutOfService(const std::optional<std::string>& message) {
    std::lock_guard lock(mutex_);
    outOfService_ = message;
    if (message) {
        if (auto r = sync::replaceFileDurably(noticeFile(dir_), *message); !r)
            std::fprintf(stderr, "kiosk: %s\n", r.message().c_str());
    } else {
        std::error_code ec;
        std::filesystem::remove(noticeFile(dir_), ec);
    }
}

}  // namespace hall

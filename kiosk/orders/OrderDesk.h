#pragma once
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "orders/OrderLedger.h"
#include "orders/RemoteOrder.h"

namespace hall {

// The orders this terminal takes from afar (orders::RemoteOrder): each checked like a bundle
// (signed by a key it trusts, for this terminal, not expired), carried out once (the ledger),
// and only while no resident is at the screen; what became of each goes back with the next
// heartbeats. The heartbeat's thread hands orders in and takes outcomes out; the UI thread
// carries them out.
class OrderDesk {
  public:
    // `trusted`: the central's order key from enrolment and the hall's publishers.
    // `dir`: where the ledger, the out-of-service notice and screenshots are kept.
    static Result<std::unique_ptr<OrderDesk>> open(std::string terminalId,
                                                   std::map<std::string, std::string> trusted,
                                                   const std::filesystem::path& dir);

    // Heartbeat thread: the signed orders of an answer. A bad one is refused and reported; a
    // new good one waits for the UI; one carried out before is not again.
    void received(const std::vector<std::string>& signedOrders, int64_t nowMs);
    std::vector<orders::OrderOutcome> unreported();
    void settled(const std::vector<std::string>& ids);
    // Heartbeat thread: a screenshot taken and not yet sent (the order's id and the PNG file).
    std::optional<std::pair<std::string, std::filesystem::path>> screenshotToSend();
    // Sent (done) or not (failed, with why) — either way it is not sent again.
    void screenshotSent(const std::string& orderId, const std::string& failure);

    // UI thread: the next order to carry out, once no resident is at the screen.
    std::optional<orders::RemoteOrder> next();
    // UI thread: what became of it. Recorded before the order takes effect (a restart).
    void finished(const orders::RemoteOrder& order, const std::string& status,
                  const std::string& detail);
    // UI thread: a screenshot the order asked for is in `file`; sent by the heartbeat.
    void screenshotTaken(const orders::RemoteOrder& order, const std::filesystem::path& file);
    std::filesystem::path screenshotFile(const orders::RemoteOrder& order) const;

    // The notice a maintainer put the terminal out of service with, kept across restarts.
    std::optional<std::string> outOfService() const;
    void setOutOfService(const std::optional<std::string>& message);

  private:
    OrderDesk(std::string terminalId, std::map<std::string, std::string> trusted,
              std::filesystem::path dir, orders::OrderLedger ledger);
    void record(const orders::OrderOutcome& outcome);  // with mutex_ held

    const std::string terminalId_;
    const std::map<std::string, std::string> trusted_;
    const std::filesystem::path dir_;
    mutable std::mutex mutex_;
    orders::OrderLedger ledger_;
    std::deque<orders::RemoteOrder> waiting_;
    std::set<std::string> taken_;    // waiting or being carried out
    std::set<std::string> refused_;  // hashes of signed orders refused, to refuse each once
    std::optional<std::pair<std::string, std::filesystem::path>> screenshot_;
    std::optional<std::string> outOfService_;
};

}  // namespace hall

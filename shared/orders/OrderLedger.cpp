#include "orders/OrderLedger.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "sync/BundleStore.h"
#include "text/UntrustedJson.h"

namespace hall::orders {

namespace {

constexpr size_t kKept = 200;

}  // namespace

Result<OrderLedger> OrderLedger::open(std::filesystem::path file) {
    OrderLedger ledger(std::move(file));
    std::ifstream in(ledger.file_);
    if (!in)
        return ledger;
    std::stringstream text;
    text << in.rdbuf();
    const auto j = parseUntrustedJson(text.str());
    auto bad = [&] {
        return fail("orders.bad_ledger", ledger.file_.string() +
                                             ": not a ledger of orders; move it aside and the "
                                             "terminal starts a new one");
    };
    if (!j.is_object() || !j.contains("orders") || !j["orders"].is_array() ||
        !j.contains("reported") || !j["reported"].is_array())
        return bad();
    for (const auto& entry : j["orders"]) {
        auto o = parseOutcome(entry);
        if (!o)
            return bad();
        const bool reported =
            std::find(j["reported"].begin(), j["reported"].end(), o->id) != j["reported"].end();
        ledger.entries_.push_back({*o, reported});
    }
    return ledger;
}

std::optional<OrderOutcome> OrderLedger::outcomeOf(const std::string& id) const {
    for (const auto& e : entries_) {
        if (e.outcome.id == id)
            return e.outcome;
    }
    return std::nullopt;
}

Result<void> OrderLedger::record(const OrderOutcome& outcome) {
    entries_.push_back({outcome, false});
    while (entries_.size() > kKept) {
        auto oldest = std::find_if(entries_.begin(), entries_.end(),
                                   [](const Entry& e) { return e.reported; });
        if (oldest == entries_.end())
            break;
        entries_.erase(oldest);
    }
    return save();
}

std::vector<OrderOutcome> OrderLedger::unreported() const {
    std::vector<OrderOutcome> out;
    for (const auto& e : entries_) {
        if (!e.reported && out.size() < 32)
            out.push_back(e.outcome);
    }
    return out;
}

Result<void> OrderLedger::markReported(const std::vector<std::string>& ids) {
    bool changed = false;
    for (auto& e : entries_) {
        if (!e.reported && std::find(ids.begin(), ids.end(), e.outcome.id) != ids.end()) {
            e.reported = true;
            changed = true;
        }
    }
    return changed ? save() : Result<void>{};
}

Result<void> OrderLedger::save() const {
    std::vector<OrderOutcome> all;
    nlohmann::json reported = nlohmann::json::array();
    for (const auto& e : entries_) {
        all.push_back(e.outcome);
        if (e.reported)
            reported.push_back(e.outcome.id);
    }
    std::error_code ec;
    std::filesystem::create_directories(file_.parent_path(), ec);
    const nlohmann::json j{{"orders", outcomesJson(all)}, {"reported", reported}};
    return sync::replaceFileDurably(file_, dumpJson(j));
}

}  // namespace hall::orders

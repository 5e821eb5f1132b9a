#include "AuditLog.h"

#include "text/Utf8.h"

namespace hall {

Result<void> AuditLog::record(const AuditEntry& e) {
    auto r = db_.query(
        "INSERT INTO audit_log (at, maintainer, via, action, target, detail, address) VALUES (?, "
        "?, ?, ?, ?, ?, ?)",
        {std::to_string(e.atMs), e.maintainer, e.via, e.action, utf8::truncateBytes(e.target, 200),
         utf8::truncateBytes(e.detail, 500), e.address},
        "writing the audit log");
    if (!r)
        return r.error();
    return {};
}

Result<std::vector<AuditEntry>> AuditLog::recent(int limit) {
    auto rows = db_.query(
        "SELECT at, maintainer, via, action, target, detail, address FROM audit_log ORDER BY at "
        "DESC, id DESC LIMIT " +
            std::to_string(limit),
        {}, "reading the audit log");
    if (!rows)
        return rows.error();
    std::vector<AuditEntry> out;
    for (const auto& r : *rows)
        out.push_back({std::stoll(r[0]), r[1], r[2], r[3], r[4], r[5], r[6]});
    return out;
}

}  // namespace hall

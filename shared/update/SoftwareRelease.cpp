#include "update/SoftwareRelease.h"

#include <charconv>
#include <cstdio>
#include <sstream>
#include <vector>

#include "config/TomlSection.h"

namespace hall::update {

namespace {

bool isHex64(const std::string& s) {
    if (s.size() != 64)
        return false;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

std::vector<std::string_view> splitDots(std::string_view v) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        const size_t dot = v.find_first_of(".-+~", start);
        parts.push_back(v.substr(start, dot == std::string_view::npos ? v.npos : dot - start));
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return parts;
}

std::string hhmm(int minute) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", (minute / 60) % 24, minute % 60);
    return text;
}

std::optional<int> parseHhmm(std::string_view t) {
    if (t.size() != 5 || t[2] != ':')
        return std::nullopt;
    int h = 0;
    int m = 0;
    if (std::from_chars(t.data(), t.data() + 2, h).ec != std::errc() ||
        std::from_chars(t.data() + 3, t.data() + 5, m).ec != std::errc() || h > 24 || m > 59 ||
        (h == 24 && m != 0))
        return std::nullopt;
    return h * 60 + m;
}

}  // namespace

bool MaintenanceWindow::contains(int minuteOfDay) const {
    if (startMinute <= endMinute)
        return minuteOfDay >= startMinute && minuteOfDay < endMinute;
    return minuteOfDay >= startMinute || minuteOfDay < endMinute;
}

std::string MaintenanceWindow::describe() const {
    return hhmm(startMinute) + "-" + (endMinute == 1440 ? "24:00" : hhmm(endMinute));
}

Result<MaintenanceWindow> MaintenanceWindow::parse(std::string_view text) {
    const auto dash = text.find('-');
    auto start = parseHhmm(text.substr(0, dash));
    auto end = dash == text.npos ? std::nullopt : parseHhmm(text.substr(dash + 1));
    if (!start || !end || *start == *end || *start == 1440) {
        return fail("release.invalid",
                    "window \"" + std::string(text) + "\" is not a time range such as 02:00-05:00");
    }
    return MaintenanceWindow{*start, *end};
}

bool isValidVersion(std::string_view version) {
    if (version.empty() || version.size() > 40 || version == "." || version == "..")
        return false;
    for (char c : version) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                        (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == '_' || c == '+';
        if (!ok)
            return false;
    }
    return true;
}

int compareVersions(std::string_view a, std::string_view b) {
    const auto pa = splitDots(a);
    const auto pb = splitDots(b);
    for (size_t i = 0; i < std::max(pa.size(), pb.size()); ++i) {
        const std::string_view x = i < pa.size() ? pa[i] : "0";
        const std::string_view y = i < pb.size() ? pb[i] : "0";
        long long nx = 0;
        long long ny = 0;
        const bool numX =
            std::from_chars(x.data(), x.data() + x.size(), nx).ptr == x.data() + x.size();
        const bool numY =
            std::from_chars(y.data(), y.data() + y.size(), ny).ptr == y.data() + y.size();
        if (numX && numY && !x.empty() && !y.empty()) {
            if (nx != ny)
                return nx < ny ? -1 : 1;
        } else if (const int c = x.compare(y); c != 0) {
            return c < 0 ? -1 : 1;
        }
    }
    return 0;
}

Result<SoftwareRelease> parseSoftwareRelease(std::string_view toml) {
    ConfigProblems problems("software release");
    auto root = parseToml(toml, problems);
    if (!root)
        return fail("release.invalid", problems.toError().message);
    TomlSection s(*root, "", problems);
    SoftwareRelease r;
    if (auto v = s.text("version", true); v && !isValidVersion(*v))
        s.problem("version", "letters, digits and . - _ + only, at most 40");
    else if (v)
        r.version = *v;
    for (auto [key, out] : {std::pair{"tree_sha256", &r.treeSha256},
                            std::pair{"download_sha256", &r.downloadSha256}}) {
        if (auto h = s.text(key, true); h && !isHex64(*h))
            s.problem(key, "must be a SHA-256 in lowercase hex (64 characters)");
        else if (h)
            *out = *h;
    }
    // 2 GiB: far more than a tree needs, and less than a terminal's disk.
    constexpr int64_t kMaxBytes = int64_t{2} << 30;
    if (auto n = s.integer("tree_size", true, 1, kMaxBytes))
        r.treeSize = *n;
    if (auto n = s.integer("download_size", true, 1, kMaxBytes))
        r.downloadSize = *n;
    if (auto w = s.text("window", false)) {
        auto window = MaintenanceWindow::parse(*w);
        if (window)
            r.window = *window;
        else
            s.problem("window", window.message());
    }
    if (auto b = s.boolean("rollback", false))
        r.rollback = *b;
    if (auto p = s.integer("prove_seconds", false, 10, 3600))
        r.proveSeconds = static_cast<int>(*p);
    s.rejectUnknownKeys();
    if (!problems.empty())
        return fail("release.invalid", problems.toError().message);
    return r;
}

std::string softwareReleaseToml(const SoftwareRelease& r) {
    std::ostringstream out;
    out << "version = \"" << r.version << "\"\n"
        << "tree_sha256 = \"" << r.treeSha256 << "\"\n"
        << "tree_size = " << r.treeSize << "\n"
        << "download_sha256 = \"" << r.downloadSha256 << "\"\n"
        << "download_size = " << r.downloadSize << "\n"
        << "prove_seconds = " << r.proveSeconds << "\n";
    if (r.window)
        out << "window = \"" << r.window->describe() << "\"\n";
    if (r.rollback)
        out << "rollback = true\n";
    return out.str();
}

}  // namespace hall::update

#include "time/Clock.h"

#include <cstdio>

namespace hall {

HallLocalTime toHallLocal(TimePoint t, int utcOffsetMinutes) {
    using namespace std::chrono;
    const auto local = t + minutes(utcOffsetMinutes);
    const auto days = floor<std::chrono::days>(local);
    const year_month_day ymd{days};
    const hh_mm_ss hms{floor<seconds>(local - days)};
    HallLocalTime out;
    out.year = static_cast<int>(ymd.year());
    out.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    out.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    out.hour = static_cast<int>(hms.hours().count());
    out.minute = static_cast<int>(hms.minutes().count());
    out.second = static_cast<int>(hms.seconds().count());
    out.weekday = static_cast<int>(weekday{days}.iso_encoding());
    return out;
}

std::string HallLocalTime::date() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

std::string HallLocalTime::clockText() const {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", hour, minute);
    return buf;
}

int64_t toUnixMillis(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint fromUnixMillis(int64_t ms) {
    return TimePoint{std::chrono::milliseconds(ms)};
}

}  // namespace hall

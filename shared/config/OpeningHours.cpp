#include "config/OpeningHours.h"

#include <algorithm>
#include <cstdio>

namespace hall {

bool OpeningHours::isOpen(const HallLocalTime& t) const {
    if (std::find(weekdays.begin(), weekdays.end(), t.weekday) == weekdays.end())
        return false;
    const int m = t.minuteOfDay();
    return std::any_of(intervals.begin(), intervals.end(),
                       [m](const Interval& i) { return m >= i.startMinute && m < i.endMinute; });
}

bool OpeningHours::isAllDay() const {
    return weekdays.size() == 7 &&
           std::any_of(intervals.begin(), intervals.end(),
                       [](const Interval& i) { return i.startMinute == 0 && i.endMinute == 1440; });
}

std::string OpeningHours::describe() const {
    std::string out;
    for (const auto& i : intervals) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%02d:%02d–%02d:%02d", i.startMinute / 60,
                      i.startMinute % 60, i.endMinute / 60, i.endMinute % 60);
        if (!out.empty())
            out += "  ";
        out += buf;
    }
    return out;
}

}  // namespace hall

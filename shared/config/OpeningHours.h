#pragma once
#include <string>
#include <vector>

#include "time/Clock.h"

namespace hall {

// When a service hands out tickets: a set of weekdays and minute intervals within the day.
struct OpeningHours {
    struct Interval {
        int startMinute = 0;  // inclusive, minutes after the hall's midnight
        int endMinute = 0;    // exclusive; 1440 means midnight at the end of the day
        bool operator==(const Interval&) const = default;
    };
    std::vector<int> weekdays;  // ISO: 1 = Monday … 7 = Sunday
    std::vector<Interval> intervals;

    bool isOpen(const HallLocalTime& t) const;
    bool isAllDay() const;
    std::string describe() const;  // "08:30–12:00 13:30–17:00"
    bool operator==(const OpeningHours&) const = default;
};

}  // namespace hall

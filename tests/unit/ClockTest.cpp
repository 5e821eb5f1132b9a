#include <doctest/doctest.h>

#include "time/Clock.h"

using namespace hall;

TEST_CASE("the hall's local time follows its UTC offset and not the machine's zone") {
    // 2026-11-22 16:30 UTC is 00:30 on Monday the 23rd in China.
    const TimePoint t = fromUnixMillis(1795365000000);
    const auto beijing = toHallLocal(t, 8 * 60);
    CHECK(beijing.date() == "2026-11-23");
    CHECK(beijing.clockText() == "00:30");
    CHECK(beijing.weekday == 1);
    const auto utc = toHallLocal(t, 0);
    CHECK(utc.date() == "2026-11-22");
    CHECK(utc.weekday == 7);
    CHECK(utc.minuteOfDay() == 16 * 60 + 30);
}

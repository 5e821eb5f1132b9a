#pragma once
#include <chrono>
#include <string>

namespace hall {

using TimePoint = std::chrono::system_clock::time_point;

// The hall's notion of "now". Tests and the simulator substitute their own.
class Clock {
  public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
  public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
};

class ManualClock final : public Clock {
  public:
    explicit ManualClock(TimePoint start) : now_(start) {}
    TimePoint now() const override { return now_; }
    void set(TimePoint t) { now_ = t; }
    void advance(std::chrono::milliseconds d) { now_ += d; }

  private:
    TimePoint now_;
};

// Wall-clock fields in the hall's own UTC offset. Halls keep one offset (China Standard Time,
// +08:00) whatever time zone the machine was installed with, so the daily ticket reset happens at
// the hall's midnight.
struct HallLocalTime {
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int weekday = 0;  // 1 = Monday … 7 = Sunday (ISO 8601)

    int minuteOfDay() const { return hour * 60 + minute; }
    std::string date() const;       // 2026-11-22: the service day tickets are numbered in
    std::string clockText() const;  // 09:05
};

HallLocalTime toHallLocal(TimePoint t, int utcOffsetMinutes);
int64_t toUnixMillis(TimePoint t);
TimePoint fromUnixMillis(int64_t ms);

}  // namespace hall

#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>

#include "Result.h"

namespace hall {

// A simulated hall day driving the real queue engine (and a real SQLite store in `workDir`):
// residents arrive by an hourly profile between 08:30 and 17:00, take tickets for three
// services with their own service times, some with priority; windows call, serve and finish;
// some residents have gone when called (no-show). What the engine estimated at issue time is
// compared with the wait that followed, and with the naive estimate (people ahead × average
// service time), to measure the estimator.
struct SimulationSettings {
    uint32_t seed = 1;
    int tickets = 1000;
    int windows = 6;
    double noShowRate = 0.05;
    double priorityRate = 0.08;
};

// The result as JSON: per service mean and p90 wait (minutes), the estimates' mean absolute
// error (minutes), window utilisation, and the counts.
Result<nlohmann::json> simulateHallDay(const SimulationSettings& settings,
                                       const std::filesystem::path& workDir);

}  // namespace hall

#include <doctest/doctest.h>

#include "sim/HallDaySimulator.h"
#include "support/TempDir.h"

using namespace hall;

TEST_CASE(
    "a simulated day on the real engine serves everyone and the learned estimate beats the naive "
    "one") {
    hall::test::TempDir dir("simulation");
    SimulationSettings s;
    s.seed = 3;
    s.tickets = 300;
    s.windows = 2;
    auto r = simulateHallDay(s, dir.path());
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.message()));
    const auto& j = *r;
    CHECK(j["served"].get<int>() + j["no_shows"].get<int>() == 300);
    CHECK(j["no_shows"].get<int>() > 0);
    CHECK(j["utilisation"].get<double>() > 0.5);
    CHECK(j["utilisation"].get<double>() <= 1.0);
    for (const char* service : {"A", "B", "C"}) {
        CHECK(j["wait_minutes"][service]["p90"].get<double>() >=
              j["wait_minutes"][service]["mean"].get<double>());
    }
    CHECK(j["ewt_mae_minutes"]["engine"].get<double>() <
          j["ewt_mae_minutes"]["naive_divided_by_windows"].get<double>());
    // The same seed gives the same day.
    auto again = simulateHallDay(s, dir.path());
    REQUIRE(again.ok());
    CHECK(again->dump() == j.dump());
    CHECK_FALSE(simulateHallDay(SimulationSettings{1, 0, 1, 0, 0}, dir.path()).ok());
}

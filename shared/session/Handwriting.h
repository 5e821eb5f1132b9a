#pragma once
#include <vector>

namespace hall {

// A character written with a finger: strokes in order, each the points it passed through, in a
// square box of `size` units with y pointing down. A resident's input: wiped with the search.
struct Handwriting {
    struct Point {
        float x = 0, y = 0;
    };
    std::vector<std::vector<Point>> strokes;
    float size = 1;
};

}  // namespace hall

#include "scan/QrRectifier.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace hall {

namespace {

struct Point {
    double x = 0, y = 0;
};

double cross(const Point& o, const Point& a, const Point& b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

double distance2(const Point& a, const Point& b) {
    return (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y);
}

// Dark pixels: darker than their neighbourhood by a margin (uneven light, glare).
std::vector<uint8_t> darkMask(const GreyFrame& f, int window) {
    const int w = f.width, h = f.height;
    std::vector<int64_t> integral(static_cast<size_t>(w + 1) * (h + 1), 0);
    for (int y = 0; y < h; ++y) {
        int64_t row = 0;
        for (int x = 0; x < w; ++x) {
            row += f.pixels[static_cast<size_t>(y) * w + x];
            integral[static_cast<size_t>(y + 1) * (w + 1) + x + 1] =
                integral[static_cast<size_t>(y) * (w + 1) + x + 1] + row;
        }
    }
    std::vector<uint8_t> mask(static_cast<size_t>(w) * h, 0);
    const int r = window / 2;
    for (int y = 0; y < h; ++y) {
        const int y0 = std::max(0, y - r), y1 = std::min(h, y + r + 1);
        for (int x = 0; x < w; ++x) {
            const int x0 = std::max(0, x - r), x1 = std::min(w, x + r + 1);
            const int64_t sum = integral[static_cast<size_t>(y1) * (w + 1) + x1] -
                                integral[static_cast<size_t>(y0) * (w + 1) + x1] -
                                integral[static_cast<size_t>(y1) * (w + 1) + x0] +
                                integral[static_cast<size_t>(y0) * (w + 1) + x0];
            const double mean = static_cast<double>(sum) / ((x1 - x0) * (y1 - y0));
            mask[static_cast<size_t>(y) * w + x] =
                f.pixels[static_cast<size_t>(y) * w + x] + 10 < mean ? 1 : 0;
        }
    }
    return mask;
}

// Grows (max) or shrinks (min) the mask by `r` in each direction, separably.
std::vector<uint8_t> morph(const std::vector<uint8_t>& in, int w, int h, int r, bool grow) {
    std::vector<uint8_t> tmp(in.size()), out(in.size());
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            uint8_t v = grow ? 0 : 1;
            for (int d = -r; d <= r; ++d) {
                const int xx = std::clamp(x + d, 0, w - 1);
                const uint8_t p = in[static_cast<size_t>(y) * w + xx];
                v = grow ? std::max(v, p) : std::min(v, p);
            }
            tmp[static_cast<size_t>(y) * w + x] = v;
        }
    }
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            uint8_t v = grow ? 0 : 1;
            for (int d = -r; d <= r; ++d) {
                const int yy = std::clamp(y + d, 0, h - 1);
                const uint8_t p = tmp[static_cast<size_t>(yy) * w + x];
                v = grow ? std::max(v, p) : std::min(v, p);
            }
            out[static_cast<size_t>(y) * w + x] = v;
        }
    }
    return out;
}

struct Region {
    int64_t area = 0;
    std::vector<Point> edge;  // the leftmost and rightmost pixel of each row
};

// The 4-connected regions of the mask, with the ends of each of their rows.
std::vector<Region> regions(const std::vector<uint8_t>& mask, int w, int h) {
    std::vector<int32_t> label(mask.size(), -1);
    std::vector<Region> out;
    std::vector<int32_t> stack;
    for (int start = 0; start < w * h; ++start) {
        if (!mask[static_cast<size_t>(start)] || label[static_cast<size_t>(start)] >= 0)
            continue;
        const auto id = static_cast<int32_t>(out.size());
        Region region;
        std::vector<std::pair<int, int>> rows(static_cast<size_t>(h), {w, -1});
        stack.assign(1, start);
        label[static_cast<size_t>(start)] = id;
        while (!stack.empty()) {
            const int p = stack.back();
            stack.pop_back();
            const int x = p % w, y = p / w;
            ++region.area;
            auto& row = rows[static_cast<size_t>(y)];
            row.first = std::min(row.first, x);
            row.second = std::max(row.second, x);
            const int next[4] = {x > 0 ? p - 1 : -1, x + 1 < w ? p + 1 : -1, y > 0 ? p - w : -1,
                                 y + 1 < h ? p + w : -1};
            for (int q : next) {
                if (q >= 0 && mask[static_cast<size_t>(q)] && label[static_cast<size_t>(q)] < 0) {
                    label[static_cast<size_t>(q)] = id;
                    stack.push_back(q);
                }
            }
        }
        for (int y = 0; y < h; ++y) {
            const auto& row = rows[static_cast<size_t>(y)];
            if (row.second >= 0) {
                region.edge.push_back({static_cast<double>(row.first), static_cast<double>(y)});
                region.edge.push_back(
                    {static_cast<double>(row.second) + 1, static_cast<double>(y)});
            }
        }
        out.push_back(std::move(region));
    }
    return out;
}

std::vector<Point> convexHull(std::vector<Point> p) {
    std::sort(p.begin(), p.end(), [](const Point& a, const Point& b) {
        return a.x < b.x || (a.x == b.x && a.y < b.y);
    });
    if (p.size() < 3)
        return p;
    std::vector<Point> hull(2 * p.size());
    size_t k = 0;
    for (const auto& q : p) {
        while (k >= 2 && cross(hull[k - 2], hull[k - 1], q) <= 0)
            --k;
        hull[k++] = q;
    }
    for (size_t i = p.size() - 1, lower = k + 1; i > 0; --i) {
        while (k >= lower && cross(hull[k - 2], hull[k - 1], p[i - 1]) <= 0)
            --k;
        hull[k++] = p[i - 1];
    }
    hull.resize(k - 1);
    return hull;
}

double polygonArea(const std::vector<Point>& p) {
    double a = 0;
    for (size_t i = 0; i < p.size(); ++i)
        a += cross({0, 0}, p[i], p[(i + 1) % p.size()]);
    return std::abs(a) / 2;
}

// The quadrilateral of largest area with its corners on the hull: a code's outline, however it
// is turned and tipped (its corners are hull points, and the hull is never far from them).
std::array<Point, 4> quadOf(const std::vector<Point>& hull) {
    const size_t n = hull.size();
    std::array<size_t, 4> best{0, 0, 0, 0};
    double bestArea = -1;
    // A few dozen hull points at most after thinning: exhaustive over pairs of diagonals.
    for (size_t a = 0; a < n; ++a) {
        for (size_t c = a + 2; c < n; ++c) {
            size_t b = a, d = c;
            double left = -1, right = -1;
            for (size_t i = a + 1; i < c; ++i) {
                const double t = std::abs(cross(hull[a], hull[c], hull[i]));
                if (t > left) {
                    left = t;
                    b = i;
                }
            }
            for (size_t i = c + 1; i < n + a; ++i) {
                const double t = std::abs(cross(hull[a], hull[c], hull[i % n]));
                if (t > right) {
                    right = t;
                    d = i % n;
                }
            }
            if (left > 0 && right > 0 && left + right > bestArea) {
                bestArea = left + right;
                best = {a, b, c, d};
            }
        }
    }
    return {hull[best[0]], hull[best[1]], hull[best[2]], hull[best[3]]};
}

// Thins a hull to points at least `spacing` apart, so quadOf stays cheap.
std::vector<Point> thinned(const std::vector<Point>& hull, double spacing) {
    std::vector<Point> out;
    for (const auto& p : hull) {
        if (out.empty() || distance2(out.back(), p) >= spacing * spacing)
            out.push_back(p);
    }
    if (out.size() > 1 && distance2(out.front(), out.back()) < spacing * spacing)
        out.pop_back();
    return out;
}

// The homography that takes the unit square's corners (0,0) (1,0) (1,1) (0,1) to `q`.
std::array<double, 9> squareTo(const std::array<Point, 4>& q) {
    const double dx1 = q[1].x - q[2].x, dx2 = q[3].x - q[2].x;
    const double dy1 = q[1].y - q[2].y, dy2 = q[3].y - q[2].y;
    const double sx = q[0].x - q[1].x + q[2].x - q[3].x;
    const double sy = q[0].y - q[1].y + q[2].y - q[3].y;
    const double det = dx1 * dy2 - dx2 * dy1;
    double g = 0, h = 0;
    if (std::abs(det) > 1e-9) {
        g = (sx * dy2 - dx2 * sy) / det;
        h = (dx1 * sy - sx * dy1) / det;
    }
    return {q[1].x - q[0].x + g * q[1].x,
            q[3].x - q[0].x + h * q[3].x,
            q[0].x,
            q[1].y - q[0].y + g * q[1].y,
            q[3].y - q[0].y + h * q[3].y,
            q[0].y,
            g,
            h,
            1};
}

GreyFrame warped(const GreyFrame& f, const std::array<Point, 4>& quad, int inner, int margin) {
    const auto m = squareTo(quad);
    GreyFrame out;
    out.width = out.height = inner + 2 * margin;
    out.pixels.assign(static_cast<size_t>(out.width) * out.height, 255);
    for (int y = 0; y < out.height; ++y) {
        const double v = (y + 0.5 - margin) / inner;
        for (int x = 0; x < out.width; ++x) {
            const double u = (x + 0.5 - margin) / inner;
            const double z = m[6] * u + m[7] * v + m[8];
            if (z <= 1e-6)
                continue;
            const double sx = (m[0] * u + m[1] * v + m[2]) / z - 0.5;
            const double sy = (m[3] * u + m[4] * v + m[5]) / z - 0.5;
            if (sx < 0 || sy < 0 || sx >= f.width - 1 || sy >= f.height - 1)
                continue;
            const int x0 = static_cast<int>(sx), y0 = static_cast<int>(sy);
            const double fx = sx - x0, fy = sy - y0;
            auto at = [&](int xx, int yy) {
                return static_cast<double>(f.pixels[static_cast<size_t>(yy) * f.width + xx]);
            };
            const double p = (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) +
                             (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
            out.pixels[static_cast<size_t>(y) * out.width + x] = static_cast<uint8_t>(p + 0.5);
        }
    }
    return out;
}

// Half the size, each pixel the mean of four: regions are found as well, four times faster.
GreyFrame halved(const GreyFrame& f) {
    GreyFrame out;
    out.width = f.width / 2;
    out.height = f.height / 2;
    out.pixels.resize(static_cast<size_t>(out.width) * out.height);
    for (int y = 0; y < out.height; ++y) {
        const uint8_t* a = &f.pixels[static_cast<size_t>(2 * y) * f.width];
        const uint8_t* b = a + f.width;
        for (int x = 0; x < out.width; ++x) {
            out.pixels[static_cast<size_t>(y) * out.width + x] =
                static_cast<uint8_t>((a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) / 4);
        }
    }
    return out;
}

// The outlines of the frame's code-like regions, largest first.
std::vector<std::array<Point, 4>> codeOutlines(const GreyFrame& frame, size_t maxRegions) {
    const int w = frame.width, h = frame.height;
    const int side = std::min(w, h);
    // Close the gaps between a code's dark modules so the code is one region; the radius
    // follows the frame, since modules near the far edge of a tipped code are a few pixels.
    const int r = std::max(2, side / 160);
    const auto mask =
        morph(morph(darkMask(frame, std::max(15, side / 12) | 1), w, h, r, true), w, h, r, false);
    auto found = regions(mask, w, h);
    std::sort(found.begin(), found.end(),
              [](const Region& a, const Region& b) { return a.area > b.area; });
    std::vector<std::array<Point, 4>> out;
    const double minArea = 0.004 * w * h;
    for (const auto& region : found) {
        if (out.size() >= maxRegions || static_cast<double>(region.area) < minArea)
            break;
        const auto hull = convexHull(region.edge);
        if (hull.size() < 4)
            continue;
        // A code's outline is filled: a ring of clutter or a line of text is not.
        const double hullArea = polygonArea(hull);
        if (hullArea <= 0 || static_cast<double>(region.area) / hullArea < 0.6)
            continue;
        auto quad = quadOf(thinned(hull, side / 100.0));
        if (polygonArea({quad.begin(), quad.end()}) < 0.8 * hullArea)
            continue;
        // Clockwise from the top left, so the square is not a mirror image.
        if (cross(quad[0], quad[1], quad[2]) < 0)
            std::swap(quad[1], quad[3]);
        out.push_back(quad);
    }
    return out;
}

}  // namespace

std::vector<GreyFrame> rectifiedRegions(const GreyFrame& frame, size_t maxRegions) {
    // Large frames are searched at half size; the squares are still cut from the full frame.
    if (frame.width > 800) {
        const GreyFrame small = halved(frame);
        std::vector<GreyFrame> out;
        for (const auto& quad : codeOutlines(small, maxRegions)) {
            std::array<Point, 4> full;
            for (size_t i = 0; i < 4; ++i)
                full[i] = {quad[i].x * 2, quad[i].y * 2};
            out.push_back(warped(frame, full, 300, 36));
        }
        return out;
    }
    std::vector<GreyFrame> out;
    for (const auto& quad : codeOutlines(frame, maxRegions))
        out.push_back(warped(frame, quad, 300, 36));
    return out;
}

}  // namespace hall

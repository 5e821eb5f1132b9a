// qr-images: the project's own set of degraded QR images, for the decoding tests and the
// benchmark. Deterministic for a seed: the same seed, the same images, byte for byte.
//
//   qr-images OUT_DIR [--seed N] [--per-kind N] [--size WxH]
//   qr-images OUT_DIR --text TEXT    one code holding TEXT, as a phone shows it: OUT_DIR/code.png
//
// Writes OUT_DIR/NNN-kind.png (8-bit grey) and OUT_DIR/manifest.tsv: file, kind, the text the
// code holds (empty for images without a code). Each kind is one way a camera at a hall
// terminal sees a resident's code badly: tilted and turned phones, perspective, defocus,
// sensor noise, dim or uneven light, glare, dark-mode (inverted) codes, small codes held far
// away, codes in a cluttered scene, and the same scenes with no code at all.
#include <stb/stb_image_write.h>

#define ZX_USE_UTF8 1
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

struct Scene {
    double scale = 6;  // pixels per module
    double angle = 0;  // degrees
    double tiltX = 0;  // perspective: how much the far edge shrinks, 0…0.5
    double tiltY = 0;
    double foreshorten = 1;  // a phone held at a steep angle: the tilted axis this much shorter
    double blur = 0;         // box-blur radius, pixels
    double noise = 0;        // standard deviation, grey levels
    int dark = 20, light = 235;
    double gradient = 0;  // uneven light: grey levels across the image
    double glare = 0;     // a bright spot's strength, 0…1
    bool inverted = false;
    bool clutter = false;
    bool code = true;
};

using Image = std::vector<double>;

struct Canvas {
    int w, h;
    Image px;
    Canvas(int width, int height, double fill) : w(width), h(height), px(width * height, fill) {}
    double& at(int x, int y) { return px[static_cast<size_t>(y) * w + x]; }
};

void boxBlur(Canvas& c, int r) {
    if (r <= 0)
        return;
    Image tmp(c.px.size());
    for (int pass = 0; pass < 2; ++pass) {
        for (int y = 0; y < c.h; ++y) {
            for (int x = 0; x < c.w; ++x) {
                double s = 0;
                int n = 0;
                for (int d = -r; d <= r; ++d) {
                    const int xx = pass == 0 ? std::clamp(x + d, 0, c.w - 1) : x;
                    const int yy = pass == 1 ? std::clamp(y + d, 0, c.h - 1) : y;
                    s += c.px[static_cast<size_t>(yy) * c.w + xx];
                    ++n;
                }
                tmp[static_cast<size_t>(y) * c.w + x] = s / n;
            }
        }
        c.px.swap(tmp);
    }
}

void drawClutter(Canvas& c, std::mt19937& rng, int light, int dark) {
    std::uniform_int_distribution<int> X(0, c.w - 1), Y(0, c.h - 1), S(4, 60), G(dark, light);
    // Shapes and "text" lines: edges and dark blobs a finder might mistake for a code.
    for (int i = 0; i < 80; ++i) {
        const int x0 = X(rng), y0 = Y(rng), sw = S(rng), sh = S(rng) / 3 + 2, g = G(rng);
        for (int y = y0; y < std::min(c.h, y0 + sh); ++y) {
            for (int x = x0; x < std::min(c.w, x0 + sw); ++x)
                c.at(x, y) = g;
        }
    }
    for (int i = 0; i < 12; ++i) {  // hollow squares, like finder patterns
        const int x0 = X(rng), y0 = Y(rng), s = S(rng) / 2 + 6;
        for (int y = y0; y < std::min(c.h, y0 + s); ++y) {
            for (int x = x0; x < std::min(c.w, x0 + s); ++x) {
                const bool edge = x - x0 < 2 || y - y0 < 2 || x0 + s - x <= 2 || y0 + s - y <= 2;
                if (edge)
                    c.at(x, y) = dark;
            }
        }
    }
}

std::vector<unsigned char> render(const ZXing::BitMatrix& qr, const Scene& s, int w, int h,
                                  std::mt19937& rng) {
    const int quiet = 4;
    const int modules = qr.width() + 2 * quiet;
    Canvas c(w, h, s.light);
    if (s.clutter)
        drawClutter(c, rng, s.light, s.dark);
    if (s.code) {
        // Where the code sits: centred with some offset, turned and tilted.
        std::uniform_real_distribution<double> off(-0.08, 0.08);
        const double cx = w * (0.5 + off(rng)), cy = h * (0.5 + off(rng));
        const double a = s.angle * M_PI / 180, ca = std::cos(a), sa = std::sin(a);
        const double half = modules * s.scale / 2;
        for (int y = 0; y < h; ++y) {
            for (int x = 0; x < w; ++x) {
                double sum = 0;
                int inside = 0;
                for (int sy = 0; sy < 2; ++sy) {
                    for (int sx = 0; sx < 2; ++sx) {
                        const double px = x + 0.25 + 0.5 * sx - cx, py = y + 0.25 + 0.5 * sy - cy;
                        // Undo the turn, then the perspective (a simple projective squeeze).
                        double u = (ca * px + sa * py) / half, v = (-sa * px + ca * py) / half;
                        // Foreshortened along the axis the phone is tipped about.
                        if (std::abs(s.tiltX) >= std::abs(s.tiltY))
                            u /= s.foreshorten;
                        else
                            v /= s.foreshorten;
                        const double k = 1 + s.tiltX * u + s.tiltY * v;
                        if (k <= 0.1)
                            continue;
                        u /= k;
                        v /= k;
                        if (std::abs(u) > 1 || std::abs(v) > 1)
                            continue;
                        const int mx = static_cast<int>((u + 1) / 2 * modules) - quiet;
                        const int my = static_cast<int>((v + 1) / 2 * modules) - quiet;
                        const bool on = mx >= 0 && my >= 0 && mx < qr.width() && my < qr.height() &&
                                        qr.get(mx, my);
                        sum += on != s.inverted ? s.dark : s.light;
                        ++inside;
                    }
                }
                if (inside > 0)
                    c.at(x, y) = (sum + (4 - inside) * c.at(x, y)) / 4;
            }
        }
    }
    boxBlur(c, static_cast<int>(std::lround(s.blur)));
    std::normal_distribution<double> noise(0, std::max(s.noise, 1e-9));
    std::uniform_real_distribution<double> where(0.3, 0.7);
    const double gx = w * where(rng), gy = h * where(rng);
    std::vector<unsigned char> out(static_cast<size_t>(w) * h);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            double v = c.at(x, y) + s.gradient * (static_cast<double>(x) / w - 0.5);
            if (s.glare > 0) {
                const double d2 = ((x - gx) * (x - gx) + (y - gy) * (y - gy)) / (0.02 * w * w);
                v += s.glare * 255 * std::exp(-d2);
            }
            if (s.noise > 0)
                v += noise(rng);
            out[static_cast<size_t>(y) * w + x] =
                static_cast<unsigned char>(std::clamp(std::lround(v), 0L, 255L));
        }
    }
    return out;
}

std::string payload(std::mt19937& rng, int i) {
    // GB 11643's worked example and two made-up numbers with valid check digits: nobody's.
    static const char* kIds[] = {"11010519491231002X", "440524188001010014", "220102198003070011"};
    std::uniform_int_distribution<int> hex(0, 15);
    std::string h;
    for (int k = 0; k < 32; ++k)
        h.push_back("0123456789abcdef"[hex(rng)]);
    switch (i % 4) {
        case 0:
            return "HALLTICKET:1:demo-220104-001:" + h;
        case 1:
            return kIds[i % 3];
        case 2:
            return "HOT1." + h + h.substr(0, 10);
        default:
            // The length of a signed identity code.
            return "HID1.ZGVtby1jaXR5fDExMDEwNTE5NDkxMjMxMDAyWHzlvKDkuIl8MTc5NTM4NDk5MXwxNzk1Mzg1" +
                   h + "." + h + h + h.substr(0, 22);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: qr-images OUT_DIR [--seed N] [--per-kind N] [--size WxH]\n");
        return 2;
    }
    const std::filesystem::path out = argv[1];
    unsigned seed = 1;
    int perKind = 6, w = 640, h = 480;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--seed")
            seed = static_cast<unsigned>(std::stoul(argv[i + 1]));
        else if (a == "--per-kind")
            perKind = std::stoi(argv[i + 1]);
        else if (a == "--text")
            continue;
        else if (a == "--size" && std::sscanf(argv[i + 1], "%dx%d", &w, &h) != 2)
            return 2;
    }
    std::filesystem::create_directories(out);
    std::mt19937 rng(seed);
    for (int i = 2; i + 1 < argc; ++i) {
        if (std::string(argv[i]) != "--text")
            continue;
        // A phone held a little turned, in ordinary light.
        Scene s;
        s.scale = 5 * std::min(w, h) / 480.0;
        s.angle = 8;
        s.noise = 3;
        const auto qr = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                            .setMargin(0)
                            .encode(std::string(argv[i + 1]), 0, 0);
        const auto pixels = render(qr, s, w, h, rng);
        return stbi_write_png((out / "code.png").c_str(), w, h, 1, pixels.data(), w) ? 0 : 1;
    }
    auto U = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
    const double base = std::min(w, h) / 480.0;
    using Make = Scene (*)(decltype(U)&, double);
    const std::vector<std::pair<const char*, Make>> kinds = {
        {"rotated",
         [](decltype(U)& u, double b) {
             Scene s;
             s.scale = 5 * b;
             s.angle = u(15, 75);
             return s;
         }},
        {"perspective",
         [](decltype(U)& u, double b) {
             Scene s;
             s.scale = 5 * b;
             s.tiltX = u(0.08, 0.16);
             s.tiltY = u(-0.08, 0.08);
             s.angle = u(-20, 20);
             return s;
         }},
        {"steep",
         [](decltype(U)& u, double b) {
             // A phone held at a steep angle: one edge far, the code squeezed, any side; the
             // code in view, as a resident holding it to the camera would have it.
             Scene s;
             s.scale = u(3.5, 4.5) * b;
             const double tilt = u(0.3, 0.5) * (u(0, 1) < 0.5 ? -1 : 1);
             if (u(0, 1) < 0.5)
                 s.tiltX = tilt;
             else
                 s.tiltY = tilt;
             s.foreshorten = u(0.45, 0.7);
             s.angle = u(-25, 25);
             s.noise = 4;
             return s;
         }},
        {"blurred",
         [](decltype(U)& u, double b) {
             Scene s;
             s.scale = 6 * b;
             s.blur = u(2, 3.5) * b;
             return s;
         }},
        {"noisy",
         [](decltype(U)& u, double b) {
             Scene s;
             s.scale = 5 * b;
             s.noise = u(35, 60);
             s.angle = u(-10, 10);
             return s;
         }},
        {"low-contrast",
         [](decltype(U)& u, double b) {
             Scene s;
             s.scale = 5 * b;
             s.dark = static_cast<int>(u(95, 115));
             s.light = static_cast<int>(u(140, 160));
             s.gradient = u(20, 40);
             s.noise = 4;
             return s;
         }},
        {"glare",
         [](decltype(U)& u, double b) {
             Scene s;
             s.scale = 6 * b;
             s.glare = u(0.6, 0.9);
             s.angle = u(-15, 15);
             return s;
         }},
        {"inverted",
         [](decltype(U)& u, double b) {
             Scene s;
             s.scale = 5 * b;
             s.inverted = true;
             s.dark = static_cast<int>(u(15, 40));
             s.light = static_cast<int>(u(200, 235));
             s.angle = u(-10, 10);
             s.noise = 6;
             return s;
         }},
        {"inverted-tilted",
         [](decltype(U)& u, double b) {
             Scene s;
             s.scale = 5 * b;
             s.inverted = true;
             s.angle = u(20, 60);
             s.tiltX = u(0.1, 0.3);
             return s;
         }},
        {"small",
         [](decltype(U)& u, double b) {
             Scene s;
             s.scale = u(1.7, 2.3) * b;
             s.angle = u(-8, 8);
             s.noise = 5;
             return s;
         }},
        {"cluttered",
         [](decltype(U)& u, double b) {
             Scene s;
             s.scale = u(3, 4) * b;
             s.clutter = true;
             s.angle = u(-30, 30);
             s.noise = 8;
             return s;
         }},
        {"no-code",
         [](decltype(U)& u, double) {
             Scene s;
             s.code = false;
             s.clutter = true;
             s.noise = u(4, 20);
             return s;
         }},
    };
    std::ofstream manifest(out / "manifest.tsv");
    manifest << "# file\tkind\ttext (empty: no code in the image)\n";
    int n = 0;
    for (const auto& [kind, make] : kinds) {
        for (int i = 0; i < perKind; ++i) {
            Scene s = make(U, base);
            const std::string text = s.code ? payload(rng, n) : "";
            ZXing::BitMatrix qr;
            if (s.code) {
                qr = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                         .setMargin(0)
                         .encode(text, 0, 0);
            }
            const auto pixels = render(qr, s, w, h, rng);
            char name[64];
            std::snprintf(name, sizeof name, "%03d-%s.png", ++n, kind);
            if (!stbi_write_png((out / name).c_str(), w, h, 1, pixels.data(), w)) {
                std::fprintf(stderr, "qr-images: cannot write %s\n", (out / name).c_str());
                return 1;
            }
            manifest << name << '\t' << kind << '\t' << text << '\n';
        }
    }
    std::printf("qr-images: %d images in %s\n", n, out.c_str());
    return 0;
}

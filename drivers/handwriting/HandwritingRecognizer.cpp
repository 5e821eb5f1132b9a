#include "handwriting/HandwritingRecognizer.h"

#include <zinnia.h>

#include <algorithm>
#include <cmath>

#include "text/Utf8.h"

namespace hall {

Result<std::unique_ptr<HandwritingRecognizer>> HandwritingRecognizer::open(
    const std::filesystem::path& model) {
    std::unique_ptr<HandwritingRecognizer> r(new HandwritingRecognizer());
    auto* z = zinnia_recognizer_new();
    r->recognizer_ = z;
    if (!zinnia_recognizer_open(z, model.c_str())) {
        return fail("handwriting.no_model", model.string() +
                                                ": the handwriting model cannot be read (" +
                                                zinnia_recognizer_strerror(z) +
                                                "); install tegaki-zinnia-simplified-chinese");
    }
    return r;
}

HandwritingRecognizer::~HandwritingRecognizer() {
    if (recognizer_)
        zinnia_recognizer_destroy(static_cast<zinnia_recognizer_t*>(recognizer_));
}

std::vector<char32_t> HandwritingRecognizer::recognize(const Handwriting& writing,
                                                       size_t count) const {
    std::vector<char32_t> out;
    if (writing.strokes.empty() || writing.size <= 0)
        return out;
    // The model was trained on a 300-unit box.
    constexpr int kBox = 300;
    const float scale = kBox / writing.size;
    zinnia_character_t* c = zinnia_character_new();
    zinnia_character_set_width(c, kBox);
    zinnia_character_set_height(c, kBox);
    size_t id = 0;
    for (const auto& stroke : writing.strokes) {
        if (stroke.empty())
            continue;
        for (const auto& p : stroke) {
            const int x = std::clamp(static_cast<int>(std::lround(p.x * scale)), 0, kBox);
            const int y = std::clamp(static_cast<int>(std::lround(p.y * scale)), 0, kBox);
            zinnia_character_add(c, id, x, y);
        }
        ++id;
    }
    if (id > 0) {
        if (zinnia_result_t* result = zinnia_recognizer_classify(
                static_cast<zinnia_recognizer_t*>(recognizer_), c, count)) {
            for (size_t i = 0; i < zinnia_result_size(result); ++i) {
                auto decoded = utf8::decode(zinnia_result_value(result, i));
                if (decoded && decoded->size() == 1)
                    out.push_back((*decoded)[0]);
            }
            zinnia_result_destroy(result);
        }
    }
    zinnia_character_destroy(c);
    return out;
}

}  // namespace hall

#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "Result.h"
#include "session/Handwriting.h"

namespace hall {

// Recognises a handwritten Chinese character (zinnia, with the tegaki model of simplified
// Chinese from Debian): the likeliest characters first.
class HandwritingRecognizer {
  public:
    // The model Debian's tegaki-zinnia-simplified-chinese installs.
    static constexpr const char* kDebianModel =
        "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";

    // Fails, saying which file, when the model cannot be read.
    static Result<std::unique_ptr<HandwritingRecognizer>> open(const std::filesystem::path& model);
    ~HandwritingRecognizer();
    HandwritingRecognizer(const HandwritingRecognizer&) = delete;
    HandwritingRecognizer& operator=(const HandwritingRecognizer&) = delete;

    // At most `count` candidates, best first; none for an empty drawing.
    std::vector<char32_t> recognize(const Handwriting& writing, size_t count) const;

  private:
    HandwritingRecognizer() = default;
    void* recognizer_ = nullptr;  // zinnia_recognizer_t
};

}  // namespace hall

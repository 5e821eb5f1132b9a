#pragma once
#include <filesystem>
#include <string>

#include "scan/FrameSource.h"

namespace hall {

// The camera's simulated twin: a folder of images shown to the decoder as frames, in name
// order, again and again, at `fps`. An empty folder is an empty scene (a grey frame), so a test
// or the demo "holds a code up" by putting an image into the folder and takes it away by
// removing it.
class ImageFileSource : public FrameSource {
  public:
    ImageFileSource(std::filesystem::path folder, int fps = 10, int width = 640, int height = 480);

    Result<void> open() override;
    Result<GreyFrame> next() override;
    void close() override {}
    std::string describe() const override;

  private:
    std::filesystem::path folder_;
    int fps_;
    int width_, height_;
    size_t index_ = 0;
};

}  // namespace hall

#pragma once
#include <string>

#include "scan/FrameSource.h"

namespace hall {

// A V4L2 camera (/dev/video*) through libv4l2, which converts whatever the camera sends
// (YUYV, MJPEG…) to YUV 4:2:0; the Y plane is the grey frame.
class V4l2Camera : public FrameSource {
  public:
    V4l2Camera(std::string device, int width, int height);
    ~V4l2Camera() override;

    Result<void> open() override;
    Result<GreyFrame> next() override;
    void close() override;
    std::string describe() const override;

  private:
    std::string device_;
    int width_, height_;
    int fd_ = -1;
    int bytesPerLine_ = 0;
    size_t frameBytes_ = 0;
};

}  // namespace hall

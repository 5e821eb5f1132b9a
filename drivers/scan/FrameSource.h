#pragma once
#include <string>

#include "Result.h"
#include "scan/GreyFrame.h"

namespace hall {

// Where camera frames come from: a V4L2 camera, or image files (tests, the demo). next() waits
// for the next frame (at most a fraction of a second); an error means the device is gone and
// the caller reopens it.
class FrameSource {
  public:
    virtual ~FrameSource() = default;
    virtual Result<void> open() = 0;
    virtual Result<GreyFrame> next() = 0;
    virtual void close() = 0;
    virtual std::string describe() const = 0;
};

}  // namespace hall

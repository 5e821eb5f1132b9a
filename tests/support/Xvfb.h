#pragma once
#include <memory>
#include <string>

#include "support/Subprocess.h"

namespace hall::test {

// A private X server for one test: real X, real input events, no screen needed.
class Xvfb {
  public:
    explicit Xvfb(int width = 1920, int height = 1920);
    const std::string& display() const { return display_; }
    std::string env() const { return "DISPLAY=" + display_; }

  private:
    std::unique_ptr<Subprocess> server_;
    std::string display_;
};

}  // namespace hall::test

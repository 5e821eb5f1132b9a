#pragma once
#include <imgui.h>

#include "scan/GreyFrame.h"

namespace hall {

// A camera frame on screen: the live preview of the identity scan. Uploaded at most at the
// preview's own size; cleared when the scan screen goes, so a resident's phone does not stay
// in video memory for the next one.
class PreviewTexture {
  public:
    PreviewTexture() = default;
    ~PreviewTexture();
    PreviewTexture(const PreviewTexture&) = delete;
    PreviewTexture& operator=(const PreviewTexture&) = delete;

    void show(const GreyFrame& frame);
    void clear();
    bool empty() const { return texture_ == 0; }
    ImTextureID id() const;
    int width() const { return width_; }
    int height() const { return height_; }

    static constexpr int kMaxWidth = 640;

  private:
    unsigned texture_ = 0;
    int width_ = 0, height_ = 0;
};

}  // namespace hall

#include "platform/PreviewTexture.h"

#include <GLFW/glfw3.h>

#include <cstdint>
#include <vector>

namespace hall {

PreviewTexture::~PreviewTexture() {
    clear();
}

void PreviewTexture::clear() {
    if (texture_) {
        GLuint t = texture_;
        glDeleteTextures(1, &t);
    }
    texture_ = 0;
    width_ = height_ = 0;
}

ImTextureID PreviewTexture::id() const {
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture_));
}

void PreviewTexture::show(const GreyFrame& frame) {
    if (frame.empty() || frame.pixels.size() != static_cast<size_t>(frame.width) * frame.height)
        return;
    // Every n-th pixel down to the preview's width: a preview needs no more.
    const int step = (frame.width + kMaxWidth - 1) / kMaxWidth;
    const int w = frame.width / step, h = frame.height / step;
    std::vector<uint8_t> rgba(static_cast<size_t>(w) * h * 4);
    for (int y = 0; y < h; ++y) {
        const uint8_t* row = &frame.pixels[static_cast<size_t>(y) * step * frame.width];
        for (int x = 0; x < w; ++x) {
            uint8_t* p = &rgba[(static_cast<size_t>(y) * w + x) * 4];
            p[0] = p[1] = p[2] = row[static_cast<size_t>(x) * step];
            p[3] = 255;
        }
    }
    if (!texture_) {
        GLuint t = 0;
        glGenTextures(1, &t);
        texture_ = t;
    }
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    width_ = w;
    height_ = h;
}

}  // namespace hall

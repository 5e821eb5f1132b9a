#include "screens/Canvas.h"

#include <algorithm>

namespace hall {

Layout Layout::forSize(int w, int h) {
    Layout l;
    l.width = static_cast<float>(w);
    l.height = static_cast<float>(h);
    l.unit = std::min(l.width, l.height) / 1080.0f;
    l.portrait = h >= w;
    return l;
}

}  // namespace hall

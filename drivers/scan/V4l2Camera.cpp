#include "scan/V4l2Camera.h"

#include <fcntl.h>
#include <libv4l2.h>
#include <linux/videodev2.h>
#include <poll.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace hall {

V4l2Camera::V4l2Camera(std::string device, int width, int height)
    : device_(std::move(device)), width_(width), height_(height) {}

V4l2Camera::~V4l2Camera() {
    close();
}

std::string V4l2Camera::describe() const {
    return "camera " + device_ + " " + std::to_string(width_) + "x" + std::to_string(height_);
}

Result<void> V4l2Camera::open() {
    close();
    fd_ = v4l2_open(device_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0)
        return fail("scan.no_device", device_ + ": " + std::strerror(errno));
    v4l2_format fmt{};
    fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    fmt.fmt.pix.width = static_cast<__u32>(width_);
    fmt.fmt.pix.height = static_cast<__u32>(height_);
    fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_YUV420;
    fmt.fmt.pix.field = V4L2_FIELD_ANY;
    if (v4l2_ioctl(fd_, VIDIOC_S_FMT, &fmt) < 0 || fmt.fmt.pix.pixelformat != V4L2_PIX_FMT_YUV420) {
        const std::string why = std::strerror(errno);
        close();
        return fail("scan.no_device", device_ + ": cannot capture YUV 4:2:0 (" + why + ")");
    }
    // The driver may pick another size; take what it gives.
    width_ = static_cast<int>(fmt.fmt.pix.width);
    height_ = static_cast<int>(fmt.fmt.pix.height);
    bytesPerLine_ = static_cast<int>(fmt.fmt.pix.bytesperline);
    if (bytesPerLine_ < width_)
        bytesPerLine_ = width_;
    frameBytes_ = fmt.fmt.pix.sizeimage ? fmt.fmt.pix.sizeimage
                                        : static_cast<size_t>(bytesPerLine_) * height_ * 3 / 2;
    return {};
}

Result<GreyFrame> V4l2Camera::next() {
    if (fd_ < 0)
        return fail("scan.no_device", device_ + " is not open");
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, 500);
    if (ready < 0 || (p.revents & (POLLERR | POLLHUP | POLLNVAL)))
        return fail("scan.no_device", device_ + ": the camera went away");
    std::vector<uint8_t> buffer(frameBytes_);
    const ssize_t n = ready == 0 ? -1 : v4l2_read(fd_, buffer.data(), buffer.size());
    if (n < static_cast<ssize_t>(static_cast<size_t>(bytesPerLine_) * height_)) {
        if (ready == 0 || errno == EAGAIN)
            return fail("scan.no_frame", device_ + ": no frame within half a second");
        return fail("scan.no_device", device_ + ": " + std::strerror(errno));
    }
    GreyFrame f;
    f.width = width_;
    f.height = height_;
    f.pixels.resize(static_cast<size_t>(width_) * height_);
    for (int y = 0; y < height_; ++y) {
        std::memcpy(&f.pixels[static_cast<size_t>(y) * width_],
                    &buffer[static_cast<size_t>(y) * bytesPerLine_], static_cast<size_t>(width_));
    }
    return f;
}

void V4l2Camera::close() {
    if (fd_ >= 0)
        v4l2_close(fd_);
    fd_ = -1;
}

}  // namespace hall

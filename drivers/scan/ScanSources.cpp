#include "scan/ScanSources.h"

#include "scan/HidScanner.h"
#include "scan/ImageFileSource.h"
#include "scan/SerialScanner.h"
#include "scan/V4l2Camera.h"

namespace hall {

ScanSources makeScanSources(const std::vector<ScannerConfig>& configs) {
    ScanSources out;
    for (const auto& c : configs) {
        using Kind = ScannerConfig::Kind;
        switch (c.kind) {
            case Kind::Serial: {
                LineFramer::Terminator t = LineFramer::Terminator::CrLf;
                LineFramer::parseTerminator(c.terminator, t);
                out.all.push_back(std::make_unique<SerialScanner>(c.device, c.baud, t));
                break;
            }
            case Kind::Hid:
                out.all.push_back(std::make_unique<HidScanner>(c.name));
                break;
            case Kind::Camera:
            case Kind::Images: {
                std::unique_ptr<FrameSource> frames;
                if (c.kind == Kind::Camera)
                    frames = std::make_unique<V4l2Camera>(c.device, c.width, c.height);
                else
                    frames = std::make_unique<ImageFileSource>(c.folder, 10, c.width, c.height);
                auto camera = std::make_unique<CameraScanner>(std::move(frames));
                if (!out.camera)
                    out.camera = camera.get();
                out.all.push_back(std::move(camera));
                break;
            }
        }
    }
    return out;
}

}  // namespace hall

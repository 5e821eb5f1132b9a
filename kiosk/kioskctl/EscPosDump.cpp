#include "kioskctl/EscPosDump.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "printer/EscPosDecoder.h"

namespace hall {

int runEscPosDecode(const std::filesystem::path& file, bool json) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "%s: cannot open\n", file.c_str());
        return 2;
    }
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                     std::istreambuf_iterator<char>());
    auto slips = decodeEscPos(bytes);
    if (!slips) {
        std::fprintf(stderr, "%s: %s\n", file.c_str(), slips.message().c_str());
        return 1;
    }
    for (const auto& slip : *slips) {
        if (json) {
            nlohmann::json out;
            out["cut"] = slip.cut;
            auto& items = out["items"] = nlohmann::json::array();
            for (const auto& item : slip.items) {
                const char* kind = item.kind == SlipItem::Kind::Qr     ? "qr"
                                   : item.kind == SlipItem::Kind::Rule ? "rule"
                                                                       : "text";
                const char* size = item.size == SlipItem::Size::Huge    ? "huge"
                                   : item.size == SlipItem::Size::Large ? "large"
                                                                        : "normal";
                items.push_back({{"kind", kind},
                                 {"text", item.text},
                                 {"size", size},
                                 {"bold", item.bold},
                                 {"centered", item.centered}});
            }
            std::printf("%s\n", out.dump().c_str());
            continue;
        }
        for (const auto& item : slip.items) {
            switch (item.kind) {
                case SlipItem::Kind::Rule:
                    std::printf("------------------------------------------------\n");
                    break;
                case SlipItem::Kind::Qr:
                    std::printf("[QR] %s\n", item.text.c_str());
                    break;
                case SlipItem::Kind::Text:
                    std::printf("%s%s\n", item.size == SlipItem::Size::Normal ? "" : "[big] ",
                                item.text.c_str());
                    break;
            }
        }
        std::printf(slip.cut ? "======== cut ========\n" : "(no cut)\n");
    }
    return 0;
}

}  // namespace hall

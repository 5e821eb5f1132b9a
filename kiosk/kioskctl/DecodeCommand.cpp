#include "kioskctl/DecodeCommand.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "scan/ImageFile.h"
#include "scan/QrDecoder.h"

namespace hall {

int runDecode(const std::vector<std::string>& args) {
    bool json = false, plain = false;
    std::vector<std::string> files;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--json")
            json = true;
        else if (args[i] == "--plain")
            plain = true;
        else
            files.push_back(args[i]);
    }
    if (files.empty()) {
        std::fprintf(stderr, "usage: kioskctl decode [--json] [--plain] IMAGE...\n");
        return 2;
    }
    const QrDecoder decoder(plain ? QrDecoder::Effort::Plain : QrDecoder::Effort::Full);
    bool all = true;
    for (const auto& file : files) {
        nlohmann::ordered_json j{{"file", file}};
        auto frame = loadGreyImage(file);
        if (!frame) {
            all = false;
            j["ok"] = false;
            j["text"] = nullptr;
            j["format"] = nullptr;
            j["ms"] = nullptr;
            j["error"] = frame.message();
        } else {
            const auto code = decoder.decode(*frame);
            all = all && code.has_value();
            j["ok"] = code.has_value();
            j["text"] = code ? nlohmann::ordered_json(code->text) : nlohmann::ordered_json();
            j["format"] = code ? nlohmann::ordered_json(code->format) : nlohmann::ordered_json();
            j["ms"] = code ? nlohmann::ordered_json(std::round(code->ms * 100) / 100)
                           : nlohmann::ordered_json();
        }
        if (json) {
            std::printf("%s\n", j.dump().c_str());
        } else if (!frame) {
            std::printf("%s: %s\n", file.c_str(), frame.message().c_str());
        } else {
            std::printf("%s: %s\n", file.c_str(),
                        j["ok"].get<bool>() ? j["text"].get<std::string>().c_str() : "(no code)");
        }
    }
    return all ? 0 : 1;
}

}  // namespace hall

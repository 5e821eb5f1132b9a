#include "printer/EscPosEncoder.h"

#include <iconv.h>

#include <cerrno>

#include "text/Utf8.h"

namespace hall {

namespace {

Result<std::string> convert(const std::string& in, const char* from, const char* to) {
    iconv_t cd = iconv_open(to, from);
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        return fail(std::string("iconv cannot convert ") + from + " to " + to);
    }
    std::string out(in.size() * 4 + 16, '\0');
    char* inPtr = const_cast<char*>(in.data());
    size_t inLeft = in.size();
    char* outPtr = out.data();
    size_t outLeft = out.size();
    const size_t rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft);
    const int err = errno;
    iconv_close(cd);
    if (rc == static_cast<size_t>(-1)) {
        return fail(std::string("text cannot be converted from ") + from + " to " + to +
                    (err == EILSEQ ? ": invalid byte sequence" : ": incomplete sequence"));
    }
    out.resize(out.size() - outLeft);
    return out;
}

void add(std::vector<uint8_t>& out, std::initializer_list<uint8_t> bytes) {
    out.insert(out.end(), bytes);
}

}  // namespace

Result<std::string> utf8ToGb18030(const std::string& utf8) {
    if (!utf8::isValid(utf8))
        return fail("text for the printer is not valid UTF-8");
    return convert(utf8, "UTF-8", "GB18030");
}

Result<std::string> gb18030ToUtf8(const std::string& gb) {
    return convert(gb, "GB18030", "UTF-8");
}

Result<std::vector<uint8_t>> encodeEscPos(const Slip& slip, const EscPosOptions& options) {
    std::vector<uint8_t> out;
    add(out, {0x1B, 0x40});  // ESC @: initialise
    add(out, {0x1C, 0x26});  // FS &: Chinese character mode (GB18030)
    for (const auto& item : slip.items) {
        add(out, {0x1B, 0x61, static_cast<uint8_t>(item.centered ? 1 : 0)});  // ESC a: align
        switch (item.kind) {
            case SlipItem::Kind::Rule:
                out.insert(out.end(), static_cast<size_t>(options.charsPerLine), '-');
                out.push_back('\n');
                break;
            case SlipItem::Kind::Text: {
                auto gb = utf8ToGb18030(item.text);
                if (!gb)
                    return gb.error();
                const uint8_t size = item.size == SlipItem::Size::Huge    ? 0x33
                                     : item.size == SlipItem::Size::Large ? 0x11
                                                                          : 0x00;
                add(out, {0x1D, 0x21, size});                                     // GS !: size
                add(out, {0x1B, 0x45, static_cast<uint8_t>(item.bold ? 1 : 0)});  // ESC E: bold
                out.insert(out.end(), gb->begin(), gb->end());
                out.push_back('\n');
                add(out, {0x1D, 0x21, 0x00, 0x1B, 0x45, 0x00});
                break;
            }
            case SlipItem::Kind::Qr: {
                const size_t len = item.text.size() + 3;
                if (item.text.empty() || len > 7089)
                    return fail("QR payload must be 1–7086 bytes");
                add(out, {0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00});  // model 2
                add(out, {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43,
                          static_cast<uint8_t>(options.qrModuleSize)});      // module size
                add(out, {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31});  // EC level M
                add(out, {0x1D, 0x28, 0x6B, static_cast<uint8_t>(len & 0xFF),
                          static_cast<uint8_t>(len >> 8), 0x31, 0x50, 0x30});  // store
                out.insert(out.end(), item.text.begin(), item.text.end());
                add(out, {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30});  // print
                out.push_back('\n');
                break;
            }
        }
    }
    add(out, {0x1B, 0x61, 0x00});
    add(out, {0x1D, 0x56, 0x41, 0x10});  // GS V A n: feed to the cutter, then cut
    return out;
}

}  // namespace hall

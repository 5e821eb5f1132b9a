#include "printer/EscPosDecoder.h"

#include "printer/EscPosEncoder.h"

namespace hall {

namespace {

class ByteReader {
  public:
    explicit ByteReader(const std::vector<uint8_t>& b) : bytes_(b) {}
    bool done() const { return pos_ >= bytes_.size(); }
    size_t pos() const { return pos_; }
    bool next(uint8_t& out) {
        if (pos_ >= bytes_.size())
            return false;
        out = bytes_[pos_++];
        return true;
    }
    Error truncated(const char* what) const {
        return fail("ESC/POS data ends in the middle of " + std::string(what) + " (byte " +
                    std::to_string(pos_) + ")");
    }

  private:
    const std::vector<uint8_t>& bytes_;
    size_t pos_ = 0;
};

Error unknownCommand(const char* prefix, uint8_t cmd, size_t at) {
    return fail("unknown ESC/POS command " + std::string(prefix) + " " + std::to_string(cmd) +
                " at byte " + std::to_string(at));
}

class SlipBuilder {
  public:
    Result<void> endLine() {
        auto utf8 = gb18030ToUtf8(line_);
        if (!utf8)
            return utf8.error();
        SlipItem item = style;
        item.text = *utf8;
        const bool rule =
            !item.text.empty() && item.text.find_first_not_of('-') == std::string::npos;
        item.kind = rule ? SlipItem::Kind::Rule : SlipItem::Kind::Text;
        if (rule)
            item.text.clear();
        current_.items.push_back(item);
        line_.clear();
        return {};
    }
    void addByte(uint8_t b) { line_.push_back(static_cast<char>(b)); }
    void addQr(std::string payload) {
        SlipItem qr;
        qr.kind = SlipItem::Kind::Qr;
        qr.text = std::move(payload);
        qr.centered = style.centered;
        current_.items.push_back(qr);
    }
    Result<void> cut() {
        if (!line_.empty()) {
            if (auto r = endLine(); !r)
                return r;
        }
        current_.cut = true;
        slips_.push_back(std::move(current_));
        current_ = DecodedSlip{};
        return {};
    }
    Result<std::vector<DecodedSlip>> finish() {
        if (!line_.empty()) {
            if (auto r = endLine(); !r)
                return r.error();
        }
        if (!current_.items.empty())
            slips_.push_back(std::move(current_));
        return std::move(slips_);
    }

    SlipItem style;

  private:
    std::vector<DecodedSlip> slips_;
    DecodedSlip current_;
    std::string line_;
};

}  // namespace

Result<std::vector<DecodedSlip>> decodeEscPos(const std::vector<uint8_t>& bytes) {
    ByteReader r(bytes);
    SlipBuilder slip;
    std::string storedQr;
    uint8_t b = 0;
    uint8_t cmd = 0;
    uint8_t n = 0;
    while (r.next(b)) {
        const size_t at = r.pos() - 1;
        if (b == 0x0A) {
            if (auto e = slip.endLine(); !e)
                return e.error();
        } else if (b == 0x1B) {
            if (!r.next(cmd))
                return r.truncated("an ESC command");
            if (cmd == 0x40) {
                slip.style = SlipItem{};
            } else if (cmd == 0x61 || cmd == 0x45 || cmd == 0x64) {
                if (!r.next(n))
                    return r.truncated("ESC a/E/d");
                if (cmd == 0x61)
                    slip.style.centered = (n == 1 || n == '1');
                if (cmd == 0x45)
                    slip.style.bold = (n & 1) != 0;
            } else {
                return unknownCommand("ESC", cmd, at);
            }
        } else if (b == 0x1C) {
            if (!r.next(cmd))
                return r.truncated("an FS command");
            if (cmd != 0x26 && cmd != 0x2E)
                return unknownCommand("FS", cmd, at);
        } else if (b == 0x1D) {
            if (!r.next(cmd))
                return r.truncated("a GS command");
            if (cmd == 0x21) {
                if (!r.next(n))
                    return r.truncated("GS !");
                slip.style.size = n >= 0x33   ? SlipItem::Size::Huge
                                  : n >= 0x11 ? SlipItem::Size::Large
                                              : SlipItem::Size::Normal;
            } else if (cmd == 0x56) {
                uint8_t mode = 0;
                if (!r.next(mode))
                    return r.truncated("GS V");
                if ((mode == 0x41 || mode == 0x42) && !r.next(n))
                    return r.truncated("GS V");
                if (auto e = slip.cut(); !e)
                    return e.error();
            } else if (cmd == 0x28) {
                uint8_t k = 0;
                uint8_t pL = 0;
                uint8_t pH = 0;
                if (!r.next(k) || !r.next(pL) || !r.next(pH))
                    return r.truncated("GS ( k");
                if (k != 0x6B)
                    return unknownCommand("GS (", k, at);
                std::string params;
                for (size_t i = 0; i < pL + pH * 256u; ++i) {
                    if (!r.next(n))
                        return r.truncated("GS ( k parameters");
                    params.push_back(static_cast<char>(n));
                }
                if (params.size() >= 3 && params[0] == 0x31 && params[1] == 0x50) {
                    storedQr = params.substr(3);
                } else if (params.size() >= 2 && params[0] == 0x31 && params[1] == 0x51) {
                    slip.addQr(storedQr);
                }
            } else {
                return unknownCommand("GS", cmd, at);
            }
        } else {
            slip.addByte(b);
        }
    }
    return slip.finish();
}

}  // namespace hall

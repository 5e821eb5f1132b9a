#pragma once
#include <string>
#include <vector>

namespace hall {

// What goes on a printed slip, independent of the printer's language (ESC/POS or another).
struct SlipItem {
    enum class Kind { Text, Qr, Rule };
    enum class Size { Normal, Large, Huge };
    Kind kind = Kind::Text;
    std::string text;  // UTF-8 text, or the QR code's payload
    Size size = Size::Normal;
    bool bold = false;
    bool centered = false;
};

struct Slip {
    std::vector<SlipItem> items;

    Slip& text(std::string t, SlipItem::Size size = SlipItem::Size::Normal, bool bold = false,
               bool centered = false) {
        items.push_back({SlipItem::Kind::Text, std::move(t), size, bold, centered});
        return *this;
    }
    Slip& qr(std::string payload) {
        items.push_back(
            {SlipItem::Kind::Qr, std::move(payload), SlipItem::Size::Normal, false, true});
        return *this;
    }
    Slip& rule() {
        items.push_back({SlipItem::Kind::Rule, {}, SlipItem::Size::Normal, false, false});
        return *this;
    }
};

}  // namespace hall

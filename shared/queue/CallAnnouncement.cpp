#include "queue/CallAnnouncement.h"

namespace hall {

namespace {

const char* const kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

}  // namespace

std::string chineseDigits(const std::string& digits) {
    std::string out;
    for (char c : digits) {
        if (c >= '0' && c <= '9') {
            out += kDigits[c - '0'];
        } else {
            out += c;
        }
    }
    return out;
}

std::string chineseNumber(int n) {
    if (n < 0 || n > 99)
        return std::to_string(n);
    if (n < 10)
        return kDigits[n];
    std::string out = n / 10 == 1 ? "" : kDigits[n / 10];
    out += "十";
    if (n % 10)
        out += kDigits[n % 10];
    return out;
}

std::string callAnnouncement(const std::string& ticketNumber, int window) {
    return "请" + chineseDigits(ticketNumber) + "号到" + chineseNumber(window) + "号窗口办理";
}

}  // namespace hall

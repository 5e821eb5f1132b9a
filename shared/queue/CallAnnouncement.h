#pragma once
#include <string>

namespace hall {

// What the call display says for a call: 请A零一二号到三号窗口办理. Digits are written as
// Chinese numerals so the Mandarin voice reads the ticket digit by digit ("零一二", as halls
// do) and the window as a number ("十二号窗口").
std::string callAnnouncement(const std::string& ticketNumber, int window);

std::string chineseDigits(const std::string& digits);  // "012" → "零一二"
std::string chineseNumber(int n);  // 12 → "十二", 20 → "二十", 3 → "三"

}  // namespace hall

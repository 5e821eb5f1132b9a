#include "proofs/ScreeningText.h"

#include "text/Chinese.h"
#include "text/Utf8.h"

namespace hall {

std::u32string normalizeScreeningText(std::string_view utf8) {
    auto cps = utf8::decode(utf8);
    std::u32string out;
    if (!cps)
        return out;
    for (char32_t c : *cps) {
        if (c == 0x3000)
            continue;  // ideographic space
        if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0;  // full-width ASCII
        if (c >= U'A' && c <= U'Z')
            c = c - U'A' + U'a';
        if (c >= U'a' && c <= U'z') {
            out.push_back(c);
        } else if (chinese::isHanzi(c)) {
            out.push_back(chinese::simplified(c));
        }
    }
    return out;
}

namespace {

// Longest first, so 一个 goes before 一 would. 个, 份 and 张 go only with a number (一个): alone
// they are parts of words (个人, 身份).
const std::vector<std::u32string>& hanziFillers() {
    static const std::vector<std::u32string> words{
        U"可不可以", U"在哪里", U"能不能", U"我想要", U"请问", U"怎么", U"哪里",   U"在哪",
        U"帮我",     U"给我",   U"我要",   U"我想",   U"想要", U"需要", U"开具",   U"出具",
        U"办理",     U"一个",   U"一份",   U"一张",   U"证明", U"社区", U"居委会", U"村委会",
        U"可以",     U"一下",   U"开个",   U"的",     U"吗",   U"呢",   U"啊",     U"吧",
        U"我",       U"要",     U"开",     U"办"};
    return words;
}

const std::vector<std::u32string>& latinPrefixes() {
    static const std::vector<std::u32string> words{U"woyaokai", U"woyao", U"kaiju", U"banli",
                                                   U"kai"};
    return words;
}

const std::vector<std::u32string>& latinSuffixes() {
    static const std::vector<std::u32string> words{U"zhengming", U"zhengmin", U"zm"};
    return words;
}

bool isLatin(char32_t c) {
    return c >= U'a' && c <= U'z';
}

}  // namespace

std::u32string withoutWords(std::u32string text, const std::vector<std::u32string>& words) {
    for (const auto& w : words) {
        if (w.empty())
            continue;
        for (size_t at = text.find(w); at != std::u32string::npos; at = text.find(w, at))
            text.erase(at, w.size());
    }
    return text;
}

std::u32string withoutFillers(std::u32string text) {
    text = withoutWords(std::move(text), hanziFillers());
    // Latin fillers only at the very start or end of a run of letters, where a resident puts them.
    size_t start = 0;
    while (start < text.size()) {
        if (!isLatin(text[start])) {
            ++start;
            continue;
        }
        size_t end = start;
        while (end < text.size() && isLatin(text[end]))
            ++end;
        std::u32string run = text.substr(start, end - start);
        for (const auto& p : latinPrefixes()) {
            if (run.size() > p.size() && run.compare(0, p.size(), p) == 0) {
                run.erase(0, p.size());
                break;
            }
        }
        for (const auto& s : latinSuffixes()) {
            if (run.size() > s.size() && run.compare(run.size() - s.size(), s.size(), s) == 0) {
                run.erase(run.size() - s.size());
                break;
            }
        }
        text.replace(start, end - start, run);
        start += run.size();
    }
    return text;
}

}  // namespace hall

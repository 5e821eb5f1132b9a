#include <doctest/doctest.h>

#include "i18n/ShownStrings.h"
#include "i18n/Translations.h"
#include "support/TempDir.h"

using namespace hall;
using hall::test::TempDir;

TEST_CASE("the shipped translations are complete and consistent in every language") {
    auto tr = Translations::load(hall::test::sourceDir() / "assets" / "i18n", supportedLanguages());
    REQUIRE_MESSAGE(tr.ok(), (tr.ok() ? "" : tr.message()));
    for (const auto& lang : supportedLanguages()) {
        CHECK(tr->has(lang));
        for (const auto& key : tr->keys()) {
            CHECK_MESSAGE(!tr->text(lang, key).empty(), lang << " " << key);
        }
    }
    CHECK(tr->format("ko", "attract.waiting", {{"n", "3"}}) == "대기 3명");
    CHECK(tr->format("zh-CN", "ticket.people_ahead", {{"n", "12"}, {"position", "13"}}) ==
          "您排第 13 位，前面还有 12 人");
}

TEST_CASE("a translation that lacks a key or changes a placeholder is refused") {
    TempDir dir("i18n");
    hall::test::writeFile(dir / "zh-CN.toml", "[a]\nhello = \"你好 {name}\"\nbye = \"再见\"\n");
    hall::test::writeFile(dir / "ko.toml", "[a]\nhello = \"안녕 {nmae}\"\n");
    auto tr = Translations::load(dir.path(), {"zh-CN", "ko"});
    REQUIRE_FALSE(tr.ok());
    CHECK(tr.message().find("ko.toml: a.bye: missing") != std::string::npos);
    CHECK(tr.message().find("ko.toml: a.hello: must use the same {placeholders}") !=
          std::string::npos);
}

TEST_CASE("substitution fills known placeholders and leaves others as written") {
    CHECK(substitute("{a}+{b}={c}", {{"a", "1"}, {"b", "2"}}) == "1+2={c}");
    CHECK(substitute("no braces", {}) == "no braces");
    CHECK(substitute("{unclosed", {{"unclosed", "x"}}) == "{unclosed");
}

TEST_CASE("the glyph set holds every character of config and translations such as 综") {
    auto config = loadHallConfig(hall::test::sourceDir() / "config" / "hall.toml");
    REQUIRE(config.ok());
    auto tr = Translations::load(config->assetsDir / "i18n", config->languages);
    REQUIRE(tr.ok());
    const auto strings = stringsTheUiCanShow(*config, *tr);
    const auto glyphs = codepointsOf(strings);
    for (char32_t c : {U'综', U'厅', U'한', U'–', U'0', U'A', U'…'}) {
        CHECK_MESSAGE(glyphs.count(c) == 1, "missing U+" << std::hex << static_cast<unsigned>(c));
    }
    bool hasServiceName = false;
    for (const auto& s : strings)
        hasServiceName |= s.source.find("services[0].name.ko") != std::string::npos;
    CHECK(hasServiceName);
}

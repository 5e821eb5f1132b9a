#include <doctest/doctest.h>

#include "proofs/ProofCatalog.h"

using namespace hall;

namespace {

const char* kCatalog = R"(
[catalog]
id = "test-city"
version = 3
title.zh-CN = "测试市社区证明事项清单"
region = "测试市"
effective_from = "2026-01-01"
basis = ["民发〔2020〕20号"]

[[categories]]
id = "family"
name = { zh-CN = "婚姻家庭", ko = "혼인·가족", en = "Marriage and family" }

[[items]]
id = "N01"
decision = "not_issued"
category = "family"
name = { zh-CN = "亲属关系证明", ko = "친족 관계 증명", en = "Proof of kinship" }
synonyms = ["亲属证明"]
why = { zh-CN = "国家规定不再由社区出具。" }
handled_by = { zh-CN = "公安机关", ko = "공안기관", en = "The police" }
replaced_by = { zh-CN = "部门核查", ko = "부서 확인", en = "Checked by the department" }
department = "公安机关"
online_service = "https://www.gjzwfw.gov.cn/"
basis = "民发〔2020〕20号附件第1项"
source = "https://example.gov.cn/list.html"

[[items]]
id = "P01"
decision = "permitted"
category = "family"
name = { zh-CN = "居住证明", ko = "거주 증명", en = "Proof of residence" }
certifies = { zh-CN = "在本社区居住", ko = "이 지역에 거주", en = "That you live here" }
materials = [{ zh-CN = "身份证", ko = "신분증", en = "ID card" }]
time_needed = { zh-CN = "当场办结" }
basis = "测试市清单第1项"
source = "unverified"
effective_until = "2026-06-30"
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "test text lacks " << from);
    return text.replace(at, from.size(), to);
}

std::string problemsOf(const std::string& text) {
    auto r = parseProofCatalog(text, "config/proofs/city.toml");
    REQUIRE_MESSAGE(!r, "expected the catalogue to be refused");
    return r.error().message;
}

}  // namespace

TEST_CASE("a valid catalogue loads with its items and their effective dates") {
    auto c = parseProofCatalog(kCatalog, "config/proofs/city.toml");
    REQUIRE_MESSAGE(c, (c ? "" : c.error().message));
    CHECK(c->version == 3);
    REQUIRE(c->items.size() == 2);
    const auto* kinship = c->findItem("N01");
    REQUIRE(kinship);
    CHECK(kinship->decision == ProofDecision::NotIssued);
    CHECK(kinship->handledBy.in("ko", "zh-CN") == "공안기관");
    CHECK(kinship->handlingSource == "unverified");
    const auto* residence = c->findItem("P01");
    REQUIRE(residence);
    CHECK(residence->materials.size() == 1);
    CHECK(residence->activeOn("2026-06-30"));
    CHECK_FALSE(residence->activeOn("2026-07-01"));
}

TEST_CASE("the catalogue shipped with the demo hall is valid and holds the national 20") {
    auto c = loadProofCatalog(std::string(HALL_SOURCE_DIR) + "/config/proofs/yanbian.toml");
    REQUIRE_MESSAGE(c, (c ? "" : c.error().message));
    int notIssued = 0;
    int permitted = 0;
    for (const auto& item : c->items) {
        (item.decision == ProofDecision::NotIssued ? notIssued : permitted) += 1;
        CHECK_MESSAGE(!item.source.empty(), item.id);
    }
    CHECK(notIssued == 20);
    CHECK(permitted >= 1);
}

TEST_CASE("a not-issued item without its handling department is refused with file and field") {
    const auto text = replaced(
        kCatalog, "handled_by = { zh-CN = \"公安机关\", ko = \"공안기관\", en = \"The police\" }\n",
        "");
    const auto message = problemsOf(text);
    CHECK(message.find("config/proofs/city.toml") != std::string::npos);
    CHECK(message.find("handled_by") != std::string::npos);
}

TEST_CASE("a not-issued item must name what replaces it in every language") {
    const auto message = problemsOf(replaced(kCatalog, ", en = \"Checked by the department\"", ""));
    CHECK(message.find("replaced_by") != std::string::npos);
    CHECK(message.find("en") != std::string::npos);
}

TEST_CASE("a permitted item must list the materials to bring") {
    const auto message = problemsOf(replaced(
        kCatalog, "materials = [{ zh-CN = \"身份证\", ko = \"신분증\", en = \"ID card\" }]\n", ""));
    CHECK(message.find("materials") != std::string::npos);
}

TEST_CASE("an unknown decision is refused with the value that was given") {
    const auto message =
        problemsOf(replaced(kCatalog, "decision = \"permitted\"", "decision = \"allowed\""));
    CHECK(message.find("decision") != std::string::npos);
    CHECK(message.find("allowed") != std::string::npos);
}

TEST_CASE("an item in a category that does not exist is refused") {
    const auto message =
        problemsOf(replaced(kCatalog, "category = \"family\"\nname = { zh-CN = \"居住证明\"",
                            "category = \"housing\"\nname = { zh-CN = \"居住证明\""));
    CHECK(message.find("housing") != std::string::npos);
}

TEST_CASE("the same item id twice is refused") {
    const auto message = problemsOf(replaced(kCatalog, "id = \"P01\"", "id = \"N01\""));
    CHECK(message.find("listed twice") != std::string::npos);
}

TEST_CASE("a source that is neither an address nor unverified is refused") {
    const auto message =
        problemsOf(replaced(kCatalog, "source = \"unverified\"", "source = \"my notes\""));
    CHECK(message.find("source") != std::string::npos);
}

TEST_CASE("bad effective dates are refused") {
    CHECK(problemsOf(replaced(kCatalog, "effective_until = \"2026-06-30\"",
                              "effective_until = \"30/06/2026\""))
              .find("effective_until") != std::string::npos);
    CHECK(problemsOf(replaced(kCatalog, "effective_until = \"2026-06-30\"",
                              "effective_from = \"2026-07-01\"\neffective_until = \"2026-06-30\""))
              .find("before effective_from") != std::string::npos);
}

TEST_CASE("a misspelt field is refused rather than ignored") {
    const auto message = problemsOf(replaced(kCatalog, "time_needed =", "time_neded ="));
    CHECK(message.find("time_neded") != std::string::npos);
}

TEST_CASE("a catalogue that is not TOML says where it broke") {
    const auto message = problemsOf("[catalog\nid = 1");
    CHECK(message.find("config/proofs/city.toml") != std::string::npos);
}

TEST_CASE(
    "situations load as concepts of words, and one that cannot be matched is refused with "
    "its field") {
    auto c = parseProofCatalog(std::string(kCatalog) + "situations = [\"住在|住了 + 五年|多年\"]\n",
                               "config/proofs/city.toml");
    REQUIRE_MESSAGE(c, (c ? "" : c.error().message));
    const auto& situations = c->findItem("P01")->situations;
    REQUIRE(situations.size() == 1);
    CHECK(situations[0].concepts ==
          std::vector<std::vector<std::string>>{{"住在", "住了"}, {"五年", "多年"}});
    for (const char* bad : {"situations = [\"住在 + \"]", "situations = [\"live|住在\"]",
                            "situations = [\"一 + 二 + 三 + 四 + 五\"]"}) {
        const auto message = problemsOf(std::string(kCatalog) + bad + "\n");
        CHECK_MESSAGE(message.find("items[1].situations") != std::string::npos, message);
    }
}

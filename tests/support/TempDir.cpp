#include "support/TempDir.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace hall::test {

namespace fs = std::filesystem;

fs::path sourceDir() {
    return HALL_SOURCE_DIR;
}
fs::path artifactsDir() {
    fs::path dir = fs::path(HALL_TEST_OUTPUT_DIR) / "artifacts";
    fs::create_directories(dir);
    return dir;
}

TempDir::TempDir(const std::string& name) {
    const fs::path root = fs::path(HALL_TEST_OUTPUT_DIR) / "tmp";
    fs::create_directories(root);
    path_ = root / (name + "-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
    fs::remove_all(path_);
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    if (!keep_) {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
}

void writeFile(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    REQUIRE_MESSAGE(out.good(), "cannot write " << file);
}

std::string readFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

fs::path writeTestConfig(const fs::path& dir, const ConfigOverrides& o) {
    std::ostringstream c;
    c << "[hall]\n"
         "id = \"test-hall\"\n"
         "languages = [\"zh-CN\", \"ko\", \"en\"]\n"
         "utc_offset = \"+08:00\"\n"
         "staffed_windows = 2\n"
         "name.zh-CN = \"测试社区综合服务大厅\"\n"
         "name.ko = \"시험 사회구역 종합봉사청\"\n"
         "name.en = \"Test Community Service Hall\"\n\n"
         "[kiosk]\n"
         "idle_timeout_s = "
      << o.idleTimeoutSeconds
      << "\n"
         "tap_guard_ms = "
      << o.tapGuardMs
      << "\n"
         "assets_dir = \""
      << (sourceDir() / "assets").string()
      << "\"\n\n"
         "[store]\n"
         "data_dir = \"data\"\n\n"
         "[queue]\n"
         "priority_burst = 2\n\n"
         "[printer]\n"
      << o.printer
      << "\n\n"
         "[[services]]\n"
         "letter = \"A\"\n"
         "name = { zh-CN = \"社保医保\", ko = \"사회보험\", en = \"Social insurance\" }\n"
         "days = [1, 2, 3, 4, 5, 6, 7]\n"
         "hours = "
      << o.servicesHours
      << "\n"
         "average_minutes = 6\n\n"
         "[[services]]\n"
         "letter = \"B\"\n"
         "name = { zh-CN = \"综合咨询\", ko = \"종합 상담\", en = \"Enquiries\" }\n"
         "days = [1, 2, 3, 4, 5, 6, 7]\n"
         "hours = "
      << o.servicesHours
      << "\n"
         "average_minutes = 4\n"
      << o.extraServices << "\n"
      << o.extra;
    const fs::path file = dir / "hall.toml";
    writeFile(file, c.str());
    return file;
}

}  // namespace hall::test

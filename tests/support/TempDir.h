#pragma once
#include <filesystem>
#include <string>

namespace hall::test {

// A fresh folder under the build's test-output folder, removed afterwards unless keep() was
// called (for a look at what the terminal left behind).
class TempDir {
  public:
    explicit TempDir(const std::string& name);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& rel) const { return path_ / rel; }
    void keep() { keep_ = true; }

  private:
    std::filesystem::path path_;
    bool keep_ = false;
};

std::filesystem::path sourceDir();
std::filesystem::path artifactsDir();  // screenshots and logs the tests leave for people to read
void writeFile(const std::filesystem::path& file, const std::string& text);
std::string readFile(const std::filesystem::path& file);

// The demo config with some fields replaced, written into `dir`, with paths pointing into
// `dir` (data) and the source tree (assets). Returns the config file.
struct ConfigOverrides {
    std::string printer = "kind = \"file\"\npath = \"printer.escpos\"";
    int idleTimeoutSeconds = 45;
    int tapGuardMs = 400;
    std::string extraServices;                       // appended [[services]] tables
    std::string extra = "[lan]\nenabled = false\n";  // appended as it is: [[staff]], [lan]…
    std::string servicesHours = "[\"00:00-24:00\"]";
};
std::filesystem::path writeTestConfig(const std::filesystem::path& dir,
                                      const ConfigOverrides& o = {});

}  // namespace hall::test

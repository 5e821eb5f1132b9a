#include "outofservice/OutOfServiceRole.h"

#include "screens/OutOfServiceScreen.h"

namespace hall {

namespace {

// The languages a hall terminal ships, in the order the notice shows them.
const std::vector<std::string>& noticeLanguages() {
    static const std::vector<std::string> all{"zh-CN", "ko", "en"};
    return all;
}

}  // namespace

std::optional<Translations> outOfServiceTranslations(const std::filesystem::path& assetsDir) {
    for (const auto& dir : {assetsDir, std::filesystem::path(HALL_INSTALLED_ASSETS_DIR),
                            std::filesystem::path(HALL_SOURCE_ASSETS_DIR)}) {
        if (dir.empty())
            continue;
        if (auto tr = Translations::load(dir / "i18n", noticeLanguages()))
            return std::move(tr).value();
    }
    return std::nullopt;
}

OutOfServiceRole::OutOfServiceRole(std::string reason, std::optional<Translations> tr,
                                   std::chrono::seconds retryAfter)
    : reason_(std::move(reason)),
      tr_(std::move(tr)),
      retryAt_(std::chrono::system_clock::now() + retryAfter) {}

std::vector<std::string> OutOfServiceRole::languages() const {
    return tr_ ? noticeLanguages() : std::vector<std::string>{};
}

std::vector<ShownString> OutOfServiceRole::shownStrings() const {
    std::vector<ShownString> out;
    if (tr_) {
        for (const auto& e : tr_->entries()) {
            if (e.key.rfind("out_of_service.", 0) == 0)
                out.push_back({"i18n " + e.language + ": " + e.key, e.text});
        }
    }
    out.push_back({"the reason", reason_});
    out.push_back({"the notice without translations", outOfServiceFallbackText()});
    return out;
}

Result<void> OutOfServiceRole::start(std::function<void()>) {
    return {};
}

void OutOfServiceRole::draw(Canvas& canvas) {
    drawOutOfServiceScreen(canvas, tr_ ? &*tr_ : nullptr, languages(), reason_);
}

bool OutOfServiceRole::prepareSnapshot(const std::string& screen) {
    return screen == "out-of-service";
}

bool OutOfServiceRole::wantsRestart() const {
    return std::chrono::system_clock::now() >= retryAt_;
}

}  // namespace hall

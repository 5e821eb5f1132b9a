#include "sync/BundleStore.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "config/TomlSection.h"

namespace hall::sync {

namespace fs = std::filesystem;

Result<void> replaceFileDurably(const fs::path& file, std::string_view text) {
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    const fs::path tmp = fs::path(file.string() + ".new");
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return fail("bundle.write", "cannot write " + tmp.string() + ": " + std::strerror(errno));
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            return fail("bundle.write", "cannot write " + tmp.string() + ": " + why);
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0)
        return fail("bundle.write", "cannot flush " + tmp.string() + ": " + std::strerror(errno));
    fs::rename(tmp, file, ec);
    if (ec)
        return fail("bundle.write", "cannot put " + file.string() + " in place: " + ec.message());
    // The rename itself is durable only once the folder is.
    if (const int dirFd = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return {};
}

BundleStore::BundleStore(fs::path dir, PublisherKeys trusted, std::string hallId,
                         std::string district)
    : dir_(std::move(dir)),
      trusted_(std::move(trusted)),
      hallId_(std::move(hallId)),
      district_(std::move(district)) {}

fs::path BundleStore::fileOf(BundleKind kind) const {
    return dir_ / (std::string(bundleKindCode(kind)) + ".bundle");
}

std::optional<Bundle> BundleStore::inForce(BundleKind kind) const {
    auto text = readTextFile(fileOf(kind));
    if (!text)
        return std::nullopt;
    auto bundle = openBundle(*text, trusted_);
    if (!bundle || bundle->kind != kind)
        return std::nullopt;
    return std::move(bundle).value();
}

int64_t BundleStore::versionInForce(BundleKind kind) const {
    auto b = inForce(kind);
    return b ? b->version : 0;
}

Result<BundleStore::Offered> BundleStore::offer(std::string_view signedText,
                                                const Validator& validate) {
    auto bundle = openBundle(signedText, trusted_);
    if (!bundle)
        return bundle.error();
    const std::string what = std::string(bundleKindCode(bundle->kind)) + " bundle version " +
                             std::to_string(bundle->version);
    if (!bundle->scope.covers(hallId_, district_)) {
        // A district bundle needs the district the central named at enrolment; a hall that does
        // not know its district takes only bundles for all or for itself.
        return fail("bundle.not_for_this_hall",
                    what + " is for " + bundle->scope.code() + ", not hall " + hallId_ +
                        (district_.empty() ? "" : " of district " + district_));
    }
    const int64_t current = versionInForce(bundle->kind);
    if (bundle->version == current)
        return Offered{Outcome::AlreadyInForce, bundle->kind, bundle->version};
    if (bundle->version < current) {
        return fail("bundle.rollback", what + " is older than version " + std::to_string(current) +
                                           " in force; a terminal never goes back");
    }
    if (auto ok = validate(*bundle); !ok)
        return fail("bundle.invalid", what + " cannot be used: " + ok.message());
    if (auto r = replaceFileDurably(fileOf(bundle->kind), signedText); !r)
        return r.error();
    return Offered{Outcome::Applied, bundle->kind, bundle->version};
}

}  // namespace hall::sync

// A hall's disk fills up or turns read-only. These run the kiosk in a private mount namespace
// (unshare) on a tiny tmpfs or a read-only bind mount; where the machine forbids namespaces the
// test says SKIPPED and why.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include "gui/GuiHall.h"

using namespace hall;
using namespace hall::test;
using namespace std::chrono_literals;

namespace {

// Runs `mounts` (shell) in a new user and mount namespace, then execs the kiosk there.
std::vector<std::string> inNamespace(const std::string& mounts) {
    return {"unshare", "--user", "--map-root-user",        "--mount",
            "sh",      "-euc",   mounts + "\nexec \"$@\"", "sh"};
}

bool namespacesAllowed(std::string& why) {
    const auto r = runCommand({"unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                               "mount -t tmpfs -o size=64k tmpfs /mnt"});
    why = r.output;
    return r.exitCode == 0;
}

// Fills the kiosk's file system from outside, through its mount namespace.
size_t fillDisk(pid_t kiosk, const std::filesystem::path& dir,
                const std::filesystem::path& filler) {
    const auto path = std::filesystem::path("/proc/" + std::to_string(kiosk) + "/root") /
                      dir.relative_path() / filler;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    REQUIRE_MESSAGE(fd >= 0, "cannot create " << path);
    std::vector<char> block(64 * 1024, 'x');
    size_t written = 0;
    while (true) {
        const ssize_t n = ::write(fd, block.data(), block.size());
        if (n <= 0)
            break;
        written += static_cast<size_t>(n);
    }
    ::close(fd);
    return written;
}

}  // namespace

TEST_CASE(
    "a full disk pauses ticketing with the reason and freeing space resumes it with nothing lost") {
    std::string why;
    if (!namespacesAllowed(why)) {
        MESSAGE("SKIPPED: this machine does not allow user and mount namespaces: " << why);
        return;
    }
    GuiHall hall("gui-disk-full");
    std::filesystem::create_directories(hall.dataDir());
    KioskRun kiosk(hall.x, hall.config, hall.dir.path(),
                   KioskRun::Options::wrappedIn(inNamespace("mount -t tmpfs -o size=8m tmpfs '" +
                                                            hall.dataDir().string() + "'")));
    auto attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "service.A");
    hall.input.tap(hall.settled(kiosk, "confirm"), "ticket.take");
    auto first = kiosk.waitForScreen("ticket");
    CHECK(first.fact("ticket.number") == "A001");
    hall.input.tap(hall.settled(kiosk, "ticket"), "ticket.done");
    attract = hall.settled(kiosk, "attract");

    const size_t filled = fillDisk(kiosk.process().pid(), hall.dataDir(), "filler");
    CHECK(filled > 0);
    hall.input.tap(attract, "service.A");
    hall.input.tap(hall.settled(kiosk, "confirm"), "ticket.take");
    auto paused = kiosk.waitForScreen("paused");
    const std::string reason = paused.fact("paused.reason");
    CHECK((reason == "store.full" || reason == "store.write_failed"));
    hall.screenshot(paused, "disk-full-paused", 1080, 1920);

    std::filesystem::remove(
        std::filesystem::path("/proc/" + std::to_string(kiosk.process().pid()) + "/root") /
        hall.dataDir().relative_path() / "filler");
    attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "service.A");
    hall.input.tap(hall.settled(kiosk, "confirm"), "ticket.take");
    auto second = kiosk.waitForScreen("ticket");
    CHECK(second.fact("ticket.number") == "A002");
    const auto tickets =
        ticketsInNamespacedStore(kiosk.process().pid(), hall.dataDir(), hall.dir / "copy");
    REQUIRE(tickets.size() == 2);
    CHECK(tickets[0].id == first.fact("ticket.id"));
    CHECK(tickets[1].id == second.fact("ticket.id"));
}

TEST_CASE("a data folder that turned read-only starts the terminal paused with the reason") {
    std::string why;
    if (!namespacesAllowed(why)) {
        MESSAGE("SKIPPED: this machine does not allow user and mount namespaces: " << why);
        return;
    }
    GuiHall hall("gui-read-only");
    std::string firstId;
    {
        KioskRun kiosk(hall.x, hall.config, hall.dir.path());
        auto attract = hall.settled(kiosk, "attract");
        hall.input.tap(attract, "service.B");
        hall.input.tap(hall.settled(kiosk, "confirm"), "ticket.take");
        firstId = kiosk.waitForScreen("ticket").fact("ticket.id");
    }
    const std::string d = hall.dataDir().string();
    KioskRun kiosk(
        hall.x, hall.config, hall.dir.path(),
        KioskRun::Options::wrappedIn(inNamespace("mount --bind '" + d + "' '" + d +
                                                 "'\nmount -o remount,ro,bind '" + d + "'")));
    auto paused = kiosk.waitForScreen("paused");
    CHECK(paused.fact("paused.reason") == "store.read_only");
    CHECK(paused.fact("paused.detail").find("read-only") != std::string::npos);
    hall.screenshot(paused, "read-only-paused", 1080, 1920);
    const auto tickets = ticketsInStore(hall.dataDir());
    REQUIRE(tickets.size() == 1);
    CHECK(tickets[0].id == firstId);
}

#include "support/Xvfb.h"

#include <doctest/doctest.h>
#include <poll.h>
#include <unistd.h>

#include "support/TempDir.h"

namespace hall::test {

Xvfb::Xvfb(int width, int height) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    // -displayfd: Xvfb picks a free display number and writes it here once it accepts clients,
    // so tests running in parallel never collide and never race its start-up.
    server_ = std::make_unique<Subprocess>(
        std::vector<std::string>{"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0",
                                 std::to_string(width) + "x" + std::to_string(height) + "x24",
                                 "-nolisten", "tcp", "-noreset"},
        std::vector<std::string>{}, artifactsDir() / "xvfb.log");
    close(fds[1]);
    std::string number;
    pollfd p{fds[0], POLLIN, 0};
    char c = 0;
    while (poll(&p, 1, 10000) > 0 && read(fds[0], &c, 1) == 1 && c != '\n')
        number.push_back(c);
    close(fds[0]);
    REQUIRE_MESSAGE(!number.empty(), "Xvfb did not start (is the xvfb package installed?)");
    display_ = ":" + number;
}

}  // namespace hall::test

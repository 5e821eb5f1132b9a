// Software updates end to end: the real central, real signed software bundles published with
// kioskctl, the real hall-updater process, real trees switched by the real launcher. The roles
// here are small scripts that behave as the kiosk does towards the updater (they hold the hall
// when asked and write the proof once "working"), so that a release can be made to exit, hang
// or fail its checks on purpose.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <csignal>
#include <random>
#include <thread>

#include "config/TomlSection.h"
#include "crypto/Base64.h"
#include "crypto/Hashing.h"
#include "integration/CentralFixture.h"
#include "support/KioskRun.h"
#include "support/Subprocess.h"
#include "support/TempDir.h"
#include "sync/CentralAdmin.h"
#include "update/InstallGate.h"
#include "update/UpdateJournal.h"

namespace hall::test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// A role as the updater sees the kiosk: holds the hall when an install is requested, and
// proves the version it runs once it works — or, for the broken releases, does not.
std::string roleScript(const std::string& behaviour) {
    std::string s = "#!/bin/bash\ngate=\"$HALL_GATE\"\nversion=\"${HALL_RELEASE:-0.7.0}\"\n";
    if (behaviour == "exits")
        return s + "echo 'cannot start: a library is missing' >&2\nexit 3\n";
    if (behaviour == "hangs")
        return s + "exec sleep 1000\n";
    s += "proved=" + std::string(behaviour == "fails-check" ? "1" : "0") + "\n";
    s += R"SH(while true; do
  if [ -f "$gate/install-request" ] && [ ! -f "$gate/install-ready" ]; then
    v=$(jq -r .version "$gate/install-request")
    printf '{"version":"%s","at":%s}\n' "$v" "$(date +%s%3N)" > "$gate/install-ready.new"
    mv "$gate/install-ready.new" "$gate/install-ready"
  fi
  if [ "$proved" = 0 ]; then
    printf '{"version":"%s","pid":%s,"at":%s}\n' "$version" "$$" "$(date +%s%3N)" > "$gate/release-proof.new"
    mv "$gate/release-proof.new" "$gate/release-proof"
    proved=1
  fi
  sleep 0.1
done
)SH";
    return s;
}

void makeTree(const fs::path& tree, const std::string& behaviour, size_t fillerBytes = 0,
              unsigned seed = 1) {
    fs::create_directories(tree / "bin");
    writeFile(tree / "bin" / "kiosk", roleScript(behaviour));
    fs::permissions(tree / "bin" / "kiosk", fs::perms::owner_all | fs::perms::group_read |
                                                fs::perms::group_exec | fs::perms::others_read |
                                                fs::perms::others_exec);
    // Something the size of a real program, mostly the same from one release to the next.
    std::string filler(fillerBytes, '\0');
    std::mt19937 random(1);
    for (auto& c : filler)
        c = static_cast<char>(random());
    if (!filler.empty())
        filler.replace(filler.size() / 2, 16, "release-" + std::to_string(seed) + "-marker");
    fs::create_directories(tree / "share" / "hall-terminal");
    writeFile(tree / "share" / "hall-terminal" / "program.bin", filler);
}

// One terminal with its updater, its roles under a supervisor (what systemd does on a real
// terminal), enrolled with the central.
struct Terminal {
    Terminal(Central& central, const std::string& hallId, const std::string& extra = "",
             const std::string& district = "district-1")
        : central(central), dir("terminal"), hallId(hallId) {
        writeFile(dir / "hall.toml",
                  lanHallConfigText(8443, hallId) + "[central]\nurl = \"" + central.endpoint.url +
                      "\"\ncertificate = \"" + central.endpoint.certificate.string() +
                      "\"\nkey_file = \"terminal.key\"\n[[central.publishers]]\nid = "
                      "\"maint-1\"\npublic_key = \"" +
                      toBase64(central.maintainer.publicKey) + "\"\n");
        const auto enrolled =
            runCommand({kioskctlBinary(), "central", "enrol", "--config",
                        (dir / "hall.toml").string(), "--code", central.code(hallId, district)});
        REQUIRE_MESSAGE(enrolled.exitCode == 0, enrolled.output);
        fs::create_directories(gate());
        makeTree(dir / "packaged", "good");
        writeFile(dir / "supervise",
                  "#!/bin/bash\ncd \"$(dirname \"$0\")\"\n"
                  "if [ -f role.pid ]; then kill -9 -- -$(cat role.pid) 2>/dev/null; fi\n"
                  "setsid bash -c 'while true; do \"$0\"; sleep 0.2; done' " +
                      (sourceDir() / "packaging/lib/launch-role").string() +
                      " >> role.log 2>&1 < /dev/null &\necho $! > role.pid\n");
        fs::permissions(dir / "supervise", fs::perms::owner_all);
        writeFile(dir / "updater.toml",
                  "hall_config = \"hall.toml\"\nreleases_dir = \"releases\"\n"
                  "restart_command = \"" +
                      (dir / "supervise").string() +
                      "\"\ncheck_seconds = 1\npackaged_version = \"0.7.0\"\n" + extra);
        startRoles();
    }
    ~Terminal() {
        stopUpdater();
        runCommand({"bash", "-c", "kill -9 -- -$(cat " + (dir / "role.pid").string() + ")"});
    }
    std::vector<std::string> env() const {
        return {"HALL_RELEASES_DIR=" + (dir / "releases").string(), "HALL_GATE=" + gate().string(),
                "HALL_PACKAGED_KIOSK=" + (dir / "packaged/bin/kiosk").string()};
    }
    void startRoles() { REQUIRE(runCommand({(dir / "supervise").string()}, env()).exitCode == 0); }
    void startUpdater() {
        updater = std::make_unique<Subprocess>(
            std::vector<std::string>{updaterBinary(), "--config", (dir / "updater.toml").string()},
            env(), dir / "updater.log");
    }
    void stopUpdater() { updater.reset(); }
    fs::path gate() const { return dir / "data" / "update"; }
    update::UpdateJournal journal() const {
        auto j = update::UpdateJournal::load(dir / "releases" / "journal.json");
        return j ? *j : update::UpdateJournal{};
    }
    std::string current() const {
        std::error_code ec;
        auto link = fs::read_symlink(dir / "releases" / "current", ec);
        return ec ? "package" : link.filename().string();
    }
    std::string provedVersion() const {
        auto proof = update::ReleaseProof::read(gate());
        return proof ? proof->version : "";
    }
    int64_t provedAt() const {
        auto proof = update::ReleaseProof::read(gate());
        return proof ? proof->atMs : 0;
    }
    // Waits until the updater is idle again with `version` in force and proved.
    bool settlesOn(const std::string& version, std::chrono::seconds limit = 60s) {
        const auto until = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < until) {
            const auto j = journal();
            const std::string expected = version == "package" ? "0.7.0" : version;
            if (j.phase == update::UpdatePhase::Idle && current() == version &&
                provedVersion() == expected)
                return true;
            std::this_thread::sleep_for(100ms);
        }
        return false;
    }
    std::string log() const {
        auto text = readTextFile(dir / "updater.log");
        return text ? *text : "";
    }
    static std::string updaterBinary() {
        return (fs::path(kioskctlBinary()).parent_path() / "hall-updater").string();
    }

    Central& central;
    TempDir dir;
    std::string hallId;
    std::unique_ptr<Subprocess> updater;
};

void publish(Central& central, const fs::path& tree, const std::string& software, int bundle,
             const std::string& to, std::vector<std::string> extra = {}) {
    writeFile(central.dir / "maint.key", "");
    REQUIRE(central.maintainer.save(central.dir / "maint.key"));
    writeFile(central.dir / "maintainer.toml",
              "[central]\nurl = \"" + central.endpoint.url + "\"\ncertificate = \"" +
                  central.endpoint.certificate.string() + "\"\nkey_file = \"maint.key\"\n");
    std::vector<std::string> args{kioskctlBinary(),
                                  "central",
                                  "publish",
                                  "--central-config",
                                  (central.dir / "maintainer.toml").string(),
                                  "--kind",
                                  "software",
                                  "--version",
                                  std::to_string(bundle),
                                  "--to",
                                  to,
                                  "--software",
                                  software,
                                  "--window",
                                  "00:00-24:00",
                                  "--prove-seconds",
                                  "10"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(tree.string());
    const auto published = runCommand(args);
    REQUIRE_MESSAGE(published.exitCode == 0, published.output);
}

nlohmann::json maintainerAsks(Central& central, const std::string& path,
                              const nlohmann::json& body) {
    auto answer = askCentral(central.endpoint, path, body, central.maintainer, central.clock);
    REQUIRE_MESSAGE(answer, (answer ? "" : answer.message()));
    return *answer;
}

}  // namespace

TEST_CASE(
    "update: a good release rolls through pilot, district and the rest in order, "
    "terminals outside every stage never take it, and a paused rollout waits") {
    Central central;
    Terminal pilot(central, "h-pilot", "", "d1");
    Terminal east(central, "h-east", "", "d1");
    Terminal west(central, "h-west", "", "d2");
    Terminal outside(central, "h-out", "", "d3");
    TempDir trees("trees");
    makeTree(trees / "0.8.0", "good", 1 << 20, 8);
    publish(
        central, trees / "0.8.0", "0.8.0", 1, "all",
        {"--stages", "pilot=hall:h-pilot;east=district:d1;west=district:d2", "--halt-after", "1"});
    const auto rollouts =
        maintainerAsks(central, sync::kPathAdminRollouts, nlohmann::json::object());
    REQUIRE(rollouts["rollouts"].size() == 1);
    const int64_t id = rollouts["rollouts"][0]["id"];
    maintainerAsks(central, sync::kPathAdminRollouts, {{"action", "pause"}, {"id", id}});
    for (Terminal* t : {&pilot, &east, &west, &outside})
        t->startUpdater();
    std::this_thread::sleep_for(3s);
    CHECK(pilot.current() == "package");  // paused: nobody takes it
    maintainerAsks(central, sync::kPathAdminRollouts, {{"action", "resume"}, {"id", id}});
    REQUIRE_MESSAGE(pilot.settlesOn("0.8.0"), pilot.log());
    REQUIRE_MESSAGE(east.settlesOn("0.8.0"), east.log());
    REQUIRE_MESSAGE(west.settlesOn("0.8.0"), west.log());
    // Each stage only once the one before it ran the release.
    CHECK(pilot.provedAt() < east.provedAt());
    CHECK(east.provedAt() < west.provedAt());
    std::this_thread::sleep_for(2s);
    CHECK(outside.current() == "package");
    CHECK_FALSE(fs::exists(outside.dir / "releases" / "bundles" / "software.bundle"));
    const auto done =
        maintainerAsks(central, sync::kPathAdminRollouts, nlohmann::json::object())["rollouts"][0];
    CHECK(done["status"] == "complete");
    CHECK(done["stages"][0]["succeeded"] == 1);
    CHECK(done["stages"][1]["succeeded"] == 1);
    CHECK(done["stages"][2]["succeeded"] == 1);
    // The central kept each terminal's way there.
    const auto history =
        maintainerAsks(central, sync::kPathAdminHistory, {{"terminal_id", "h-east"}})["history"];
    REQUIRE(history.size() >= 2);
    CHECK(history.front()["software_update"]["running"] == "0.7.0");
    CHECK(history.back()["software_update"]["running"] == "0.8.0");
    CHECK(history.back()["software_update"]["downloaded"] == "0.8.0");
}

TEST_CASE(
    "update: a release that fails on its pilot terminals halts the rollout at the "
    "threshold, and the other halls never get it") {
    Central central;
    Terminal first(central, "h-p1");
    Terminal second(central, "h-p2");
    Terminal rest(central, "h-rest");
    TempDir trees("trees");
    makeTree(trees / "0.9.0", "hangs");
    publish(central, trees / "0.9.0", "0.9.0", 1, "all",
            {"--stages", "pilot=terminals:h-p1,h-p2;all=all", "--halt-after", "2"});
    for (Terminal* t : {&first, &second, &rest})
        t->startUpdater();
    const auto until = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < until && (!first.journal().failed.contains("0.9.0") ||
                                                        !second.journal().failed.contains("0.9.0")))
        std::this_thread::sleep_for(200ms);
    REQUIRE_MESSAGE(first.settlesOn("package"), first.log());
    REQUIRE_MESSAGE(second.settlesOn("package"), second.log());
    std::this_thread::sleep_for(3s);
    const auto rollout =
        maintainerAsks(central, sync::kPathAdminRollouts, nlohmann::json::object())["rollouts"][0];
    CHECK(rollout["status"] == "halted");
    CHECK(rollout["stages"][0]["failed"] == 2);
    CHECK(rest.current() == "package");
    CHECK_FALSE(fs::exists(rest.dir / "releases" / "bundles" / "software.bundle"));
    // What maintainers read on the command line.
    const auto shown = runCommand({kioskctlBinary(), "central", "rollouts", "--central-config",
                                   (central.dir / "maintainer.toml").string()});
    CHECK_MESSAGE(shown.output.find("halted; 2 failed of 2 allowed") != std::string::npos,
                  shown.output);
    CHECK(shown.output.find("2 went back") != std::string::npos);
    const auto terminals = runCommand({kioskctlBinary(), "central", "terminals", "--central-config",
                                       (central.dir / "maintainer.toml").string()});
    CHECK_MESSAGE(terminals.output.find("last failure: 0.9.0: did not reach its start screen") !=
                      std::string::npos,
                  terminals.output);
}

TEST_CASE(
    "update: a good release is downloaded, installed beside the old one, switched to and "
    "kept once it proves itself, and the next comes as a patch") {
    Central central;
    Terminal terminal(central, "hall-u1");
    TempDir trees("trees");
    makeTree(trees / "0.8.0", "good", 4 << 20, 8);
    publish(central, trees / "0.8.0", "0.8.0", 1, "hall:hall-u1");
    terminal.startUpdater();
    REQUIRE_MESSAGE(terminal.settlesOn("0.8.0"), terminal.log());
    CHECK(terminal.journal().lastFailure.empty());
    CHECK(fs::exists(terminal.dir / "releases" / "releases" / "0.8.0" / "bin" / "kiosk"));

    // The next release differs in a few bytes: the terminal takes a patch from 0.8.0.
    makeTree(trees / "0.8.1", "good", 4 << 20, 9);
    publish(central, trees / "0.8.1", "0.8.1", 2, "hall:hall-u1");
    REQUIRE_MESSAGE(terminal.settlesOn("0.8.1"), terminal.log());
    CHECK(terminal.log().find("patched 0.8.0 into 0.8.1") != std::string::npos);
    // The previous version stays installed, to go back to.
    CHECK(fs::exists(terminal.dir / "releases" / "releases" / "0.8.0" / "bin" / "kiosk"));

    // What maintainers see: the version running and the updater's phase.
    terminal.stopUpdater();
    auto record = central.store->terminal(terminal.hallId);
    REQUIRE(record);
}

TEST_CASE(
    "update: a release that exits at start, hangs, or fails its checks is rolled back by "
    "itself and the reason kept") {
    // The three at once, each on its own central and terminal: they wait out their deadlines
    // side by side.
    const std::vector<std::string> behaviours{"exits", "hangs", "fails-check"};
    std::vector<std::unique_ptr<Central>> centrals;
    std::vector<std::unique_ptr<Terminal>> terminals;
    TempDir trees("trees");
    for (const auto& behaviour : behaviours) {
        centrals.push_back(std::make_unique<Central>());
        terminals.push_back(std::make_unique<Terminal>(*centrals.back(), "hall-bad"));
        makeTree(trees / behaviour, behaviour);
        publish(*centrals.back(), trees / behaviour, "0.9.0", 1, "all");
        terminals.back()->startUpdater();
    }
    for (size_t i = 0; i < behaviours.size(); ++i) {
        CAPTURE(behaviours[i]);
        Terminal& terminal = *terminals[i];
        const auto until = std::chrono::steady_clock::now() + 60s;
        while (std::chrono::steady_clock::now() < until &&
               !terminal.journal().failed.contains("0.9.0"))
            std::this_thread::sleep_for(200ms);
        REQUIRE_MESSAGE(terminal.settlesOn("package"), terminal.log());
        const auto j = terminal.journal();
        CHECK(j.failed.contains("0.9.0"));
        CHECK(j.lastFailure.find("0.9.0: did not reach its start screen") == 0);
        CHECK(j.lastFailure.find("went back to 0.7.0") != std::string::npos);
    }
    // Not tried again: each terminal stays on the version that works.
    std::this_thread::sleep_for(2500ms);
    for (const auto& terminal : terminals) {
        CHECK(terminal->current() == "package");
        CHECK(terminal->journal().phase == update::UpdatePhase::Idle);
    }
}

TEST_CASE(
    "update: refused with a clear reason and the running version untouched — a changed "
    "byte, an older version, a disk too full") {
    Central central;
    TempDir trees("trees");
    makeTree(trees / "0.8.0", "good", 1 << 20, 8);
    publish(central, trees / "0.8.0", "0.8.0", 1, "hall:hall-byte");
    SUBCASE("a byte changed on the central") {
        for (auto& f : fs::directory_iterator(central.dir / "software")) {
            if (f.path().extension() != ".zst")
                continue;
            auto bytes = readTextFile(f.path()).value();
            bytes[bytes.size() / 2] ^= 0x20;
            writeFile(f.path(), bytes);
        }
        Terminal terminal(central, "hall-byte");
        terminal.startUpdater();
        const auto until = std::chrono::steady_clock::now() + 30s;
        while (std::chrono::steady_clock::now() < until &&
               terminal.journal().lastFailure.find("SHA-256") == std::string::npos)
            std::this_thread::sleep_for(200ms);
        CHECK_MESSAGE(
            terminal.journal().lastFailure.find(
                "does not match the SHA-256 and size signed for 0.8.0") != std::string::npos,
            terminal.log());
        CHECK(terminal.current() == "package");
        CHECK_FALSE(fs::exists(terminal.dir / "releases" / "releases" / "0.8.0"));
    }
    SUBCASE("a disk too full for the release and the store's margin") {
        Terminal terminal(central, "hall-byte", "margin_mib = 536870912\n");
        terminal.startUpdater();
        const auto until = std::chrono::steady_clock::now() + 30s;
        while (std::chrono::steady_clock::now() < until && terminal.journal().lastFailure.empty())
            std::this_thread::sleep_for(200ms);
        CHECK_MESSAGE(
            terminal.journal().lastFailure.find("MiB free; 0.8.0 needs") != std::string::npos,
            terminal.log());
        CHECK(terminal.current() == "package");
    }
    SUBCASE("an older version than the one running, unless signed as a rollback") {
        Terminal terminal(central, "hall-byte");
        terminal.startUpdater();
        REQUIRE_MESSAGE(terminal.settlesOn("0.8.0"), terminal.log());
        makeTree(trees / "0.7.5", "good");
        publish(central, trees / "0.7.5", "0.7.5", 2, "hall:hall-byte");
        const auto until = std::chrono::steady_clock::now() + 30s;
        while (std::chrono::steady_clock::now() < until &&
               terminal.journal().lastFailure.find("older") == std::string::npos)
            std::this_thread::sleep_for(200ms);
        CHECK(terminal.journal().lastFailure.find("0.7.5 is older than 0.8.0") !=
              std::string::npos);
        CHECK(terminal.current() == "0.8.0");
        // The same tree signed as an order to go back is taken.
        publish(central, trees / "0.7.5", "0.7.5", 3, "hall:hall-byte", {"--rollback"});
        CHECK_MESSAGE(terminal.settlesOn("0.7.5"), terminal.log());
    }
}

TEST_CASE(
    "update: the updater killed with -9 in every phase, 100 times, always leaves the terminal "
    "on a working version and the store untouched") {
    Central central;
    Terminal terminal(central, "hall-kill");
    writeFile(terminal.dir / "data" / "hall.db", "the hall's store: never touched by an update");
    const std::string storeHash =
        sha256Hex(readTextFile(terminal.dir / "data" / "hall.db").value());
    // Good and broken releases in turn; each update is attacked in every phase it goes
    // through, in order: a kill lands the moment the journal shows the phase aimed at (or
    // after a while, wherever the updater then is), and the updater starts again from there.
    struct Release {
        std::string version;
        std::string behaviour;
    };
    const std::vector<Release> releases{{"0.8.0", "good"},
                                        {"0.9.0", "hangs"},
                                        {"0.9.1", "good"},
                                        {"0.9.2", "exits"},
                                        {"0.9.3", "good"}};
    TempDir trees("trees");
    for (size_t i = 0; i < releases.size(); ++i)
        makeTree(trees / releases[i].version, releases[i].behaviour, 8 << 20,
                 static_cast<unsigned>(i + 8));
    using update::UpdatePhase;
    std::map<std::string, int> killedIn;
    int kills = 0;
    auto killIn = [&](UpdatePhase aim) {
        terminal.startUpdater();
        // A broken release is rolled back once its 10 s to prove itself are over.
        const auto until =
            std::chrono::steady_clock::now() + (aim == UpdatePhase::RollingBack ? 15000ms : 800ms);
        while (std::chrono::steady_clock::now() < until && terminal.journal().phase != aim)
            std::this_thread::sleep_for(1ms);
        killedIn[std::string(update::phaseCode(terminal.journal().phase))]++;
        terminal.updater->killHard();
        ++kills;
        // Whatever the moment: `current` names a whole tree, or the packaged one.
        const std::string current = terminal.current();
        if (current != "package")
            REQUIRE(fs::exists(terminal.dir / "releases" / "releases" / current / "bin" / "kiosk"));
    };
    for (size_t i = 0; i < releases.size(); ++i) {
        publish(central, trees / releases[i].version, releases[i].version, static_cast<int>(i + 1),
                "all");
        std::vector<UpdatePhase> flow{
            UpdatePhase::Downloading, UpdatePhase::Downloading, UpdatePhase::Verifying,
            UpdatePhase::Verifying,   UpdatePhase::Installing,  UpdatePhase::Installing,
            UpdatePhase::Waiting,     UpdatePhase::Switching,   UpdatePhase::Switching,
            UpdatePhase::Proving,     UpdatePhase::Proving};
        if (releases[i].behaviour != "good") {
            flow.insert(flow.end(), {UpdatePhase::RollingBack, UpdatePhase::RollingBack,
                                     UpdatePhase::RollingBack});
        }
        for (auto aim : flow)
            killIn(aim);
        // The rest of this update, killed at random moments until it is over.
        std::mt19937 random(static_cast<unsigned>(i));
        while (terminal.journal().phase != UpdatePhase::Idle ||
               terminal.journal().target != releases[i].version) {
            terminal.startUpdater();
            std::this_thread::sleep_for(std::chrono::milliseconds(200 + random() % 600));
            killedIn[std::string(update::phaseCode(terminal.journal().phase))]++;
            terminal.updater->killHard();
            ++kills;
        }
    }
    while (kills < 100)
        killIn(UpdatePhase::Idle);
    terminal.startUpdater();
    REQUIRE_MESSAGE(terminal.settlesOn("0.9.3", 120s), terminal.log());
    CHECK(terminal.journal().failed.contains("0.9.0"));
    CHECK(terminal.journal().failed.contains("0.9.2"));
    CHECK(sha256Hex(readTextFile(terminal.dir / "data" / "hall.db").value()) == storeHash);
    std::string phases;
    for (const auto& [phase, n] : killedIn)
        phases += phase + " " + std::to_string(n) + ", ";
    MESSAGE("killed in: " << phases);
    for (const char* phase :
         {"downloading", "verifying", "installing", "switching", "proving", "rolling_back"})
        CHECK_MESSAGE(killedIn.contains(phase), "never killed while " << phase);
}

TEST_CASE("update: a download cut part-way resumes from where it stopped (HTTP Range)") {
    Central central;
    TempDir trees("trees");
    makeTree(trees / "0.8.0", "good", 6 << 20, 8);
    publish(central, trees / "0.8.0", "0.8.0", 1, "all");
    Terminal terminal(central, "hall-range");
    fs::path full;
    for (auto& f : fs::directory_iterator(central.dir / "software")) {
        if (f.path().extension() == ".zst")
            full = f.path();
    }
    const auto bytes = readTextFile(full).value();
    const std::string sha = full.filename().string().substr(0, 64);
    auto key = DeviceKey::load(terminal.dir / "terminal.key");
    REQUIRE(key);
    std::mt19937 random(7);
    for (int cut = 0; cut < 5; ++cut) {
        // What a cut line leaves: the first part of the file.
        const size_t kept = random() % bytes.size();
        const fs::path part = terminal.dir / ("part-" + std::to_string(cut));
        writeFile(part, bytes.substr(0, kept));
        // The central answers 4 MiB at a time: asked again until it is all there.
        int asked = 0;
        Result<DownloadProgress> got = fail("not asked");
        do {
            ++asked;
            got = downloadFromCentral(
                central.endpoint, std::string(sync::kPathSoftware) + "?sha256=" + sha, *key,
                toUnixMillis(central.clock.now()), part, static_cast<int64_t>(bytes.size()));
            REQUIRE_MESSAGE(got, (got ? "" : got.message()));
            CHECK(got->total == static_cast<int64_t>(bytes.size()));
        } while (got->have < got->total && asked < 5);
        CHECK(got->have == static_cast<int64_t>(bytes.size()));
        CHECK(asked == (bytes.size() - kept > (size_t{4} << 20) ? 2 : 1));
        CHECK(sha256Hex(readTextFile(part).value()) == sha);
    }
}

}  // namespace hall::test

namespace hall::test {

TEST_CASE(
    "update: rollouts and each terminal's software history are kept alike on SQLite and "
    "PostgreSQL") {
    for (auto backend : {Backend::Sqlite, Backend::Postgres}) {
        CAPTURE(backend == Backend::Sqlite ? "sqlite" : "postgres");
        Central central(backend);
        auto& store = *central.store;
        REQUIRE(store.enrol(central.code("h-1"), "t-1", std::string(32, 'k'), "kiosk", 1000));
        auto id = store.createRollout(RolloutRecord{0, 7, "{}", "active", 1000, "maint-1"});
        REQUIRE(id);
        auto again = store.createRollout(RolloutRecord{0, 7, "{}", "active", 1001, "maint-1"});
        REQUIRE_FALSE(again);
        CHECK(again.error().code == "central.rollout_exists");
        REQUIRE(store.setRolloutState(*id, "paused"));
        CHECK(store.setRolloutState(*id + 100, "paused").error().code == "central.unknown_rollout");
        auto listed = store.rollouts();
        REQUIRE(listed);
        REQUIRE(listed->size() == 1);
        CHECK((*listed)[0].state == "paused");
        CHECK((*listed)[0].bundleVersion == 7);

        sync::SoftwareUpdateStatus status{"0.7.0", "", "idle", ""};
        const std::string first = sync::softwareUpdateJson(status).dump();
        REQUIRE(store.noteSoftwareUpdate("t-1", first, 2000));
        REQUIRE(store.noteSoftwareUpdate("t-1", first, 3000));  // the same: no new entry
        sync::TerminalStatus uploaded;
        uploaded.update = {"0.8.0", "0.8.0", "idle", ""};
        REQUIRE(store.ingest("t-1", {}, uploaded, 4000));
        auto history = store.updateHistory("t-1");
        REQUIRE(history);
        REQUIRE(history->size() == 2);
        CHECK((*history)[0].atMs == 2000);
        CHECK((*history)[1].status == sync::softwareUpdateJson(uploaded.update).dump());
        auto terminal = store.terminal("t-1");
        REQUIRE(terminal);
        CHECK((*terminal)->softwareUpdate == sync::softwareUpdateJson(uploaded.update).dump());
    }
}

}  // namespace hall::test

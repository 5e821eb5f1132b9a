// Identifying by a QR code at the resident terminal, end to end: the real kiosk under Xvfb with
// a camera standing in as a folder of images, a code "held up" by putting its picture there.
// Screenshots: test-output/artifacts/screenshots/identity-*.png.
#include <doctest/doctest.h>

#include <fstream>

#include "gui/GuiHall.h"
#include "support/Subprocess.h"

using namespace hall;
using namespace hall::test;

namespace {

// What a resident's phone shows, as the picture the camera takes.
void holdUp(const std::filesystem::path& camera, const std::filesystem::path& work,
            const std::string& text) {
    const auto made = runCommand({HALL_QR_IMAGES_BINARY, work.string(), "--text", text});
    REQUIRE_MESSAGE(made.exitCode == 0, made.output);
    std::filesystem::remove(camera / "code.png");
    // Renamed into place, so the camera never reads half a picture.
    std::filesystem::rename(work / "code.png", camera / "code.png");
}

}  // namespace

TEST_CASE(
    "a resident identifies by a signed code for a proof, refusals say why, masked on screen") {
    TempDir issuerDir("identity-issuer");
    const auto secret = issuerDir / "issuer.secret";
    const auto issuer = runCommand({HALL_IDENTITY_CODES_BINARY, "issuer", "--id", "gui-city",
                                    "--secret-out", secret.string()});
    REQUIRE_MESSAGE(issuer.exitCode == 0, issuer.output);

    ConfigOverrides o;
    o.extraServices =
        "\n[[services]]\nletter = \"C\"\n"
        "name = { zh-CN = \"开具证明\", ko = \"증명서 발급\", en = \"Certificates\" }\n"
        "days = [1, 2, 3, 4, 5, 6, 7]\nhours = [\"00:00-24:00\"]\n";
    const auto camera = issuerDir / "camera";
    std::filesystem::create_directories(camera);
    o.extra = "[proofs]\ncatalog = \"" + (sourceDir() / "config/proofs/yanbian.toml").string() +
              "\"\ncertificate_service = \"C\"\nconsultation_service = \"B\"\n\n"
              "[lan]\nenabled = false\n\n[[scanners]]\nkind = \"images\"\nfolder = \"" +
              camera.string() + "\"\n\n[identity]\n" + issuer.output;
    GuiHall hall("gui-identity", o);
    KioskRun kiosk(hall.x, hall.config, hall.dir.path());

    auto attract = hall.settled(kiosk, "attract");
    hall.input.tap(attract, "proofs");
    auto search = hall.settled(kiosk, "proof-search");
    for (char c : std::string("juzhu")) {
        hall.input.tap(search, std::string("proof.key.") + c);
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        search = waitForScreen(kiosk.uiMap(), "proof-search");
    }
    search = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.find("proof.result.P01") != nullptr; },
        "居住证明 in the results");
    hall.input.tap(search, "proof.result.P01");
    auto permitted = hall.settled(kiosk, "proof-permitted");
    REQUIRE(permitted.find("identity.scan"));
    hall.input.tap(permitted, "identity.scan");

    auto scan = hall.settled(kiosk, "identity-scan");
    scan = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.fact("camera") == "on"; },
        "the camera's live picture");
    hall.screenshot(scan, "identity-1-scan", 1080, 1920);

    // Another hall's queue ticket is no identity; a code altered on its way is not valid.
    holdUp(camera, issuerDir.path(), "HALLTICKET:1:other-hall:0123456789abcdef0123456789abcdef");
    scan = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return !s.fact("notice").empty(); }, "a refusal");
    CHECK(scan.fact("notice").find("号票") != std::string::npos);
    const auto code = runCommand({HALL_IDENTITY_CODES_BINARY, "code", "--secret", secret.string(),
                                  "--issuer", "gui-city", "--id-number", "11010519491231002X",
                                  "--name", "张三丰", "--ttl", "300"});
    REQUIRE(code.exitCode == 0);
    std::string signedCode = code.output.substr(0, code.output.find('\n'));
    std::string forged = signedCode;
    forged[forged.size() - 5] = forged[forged.size() - 5] == 'A' ? 'B' : 'A';
    holdUp(camera, issuerDir.path(), forged);
    scan = waitForUi(
        kiosk.uiMap(),
        [](const UiState& s) { return s.fact("notice").find("核验不通过") != std::string::npos; },
        "the forged code refused");
    hall.screenshot(scan, "identity-2-refused", 1080, 1920);

    // The genuine code: back to the proof, who it is for shown masked.
    holdUp(camera, issuerDir.path(), signedCode);
    permitted = waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.screen == "proof-permitted"; },
        "the proof again, identified");
    CHECK(permitted.fact("identity") == "已识别：张** 110105********002X");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    permitted = waitForScreen(kiosk.uiMap(), "proof-permitted");
    hall.screenshot(permitted, "identity-3-identified", 1080, 1920);
    std::filesystem::remove(camera / "code.png");

    hall.input.tap(permitted, "proof.take_ticket");
    auto confirm = hall.settled(kiosk, "confirm");
    hall.input.tap(confirm, "ticket.take");
    waitForUi(
        kiosk.uiMap(), [](const UiState& s) { return s.screen == "ticket"; }, "the ticket");
    const auto stored = ticketsInStore(hall.dataDir());
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].residentHash.size() == 64);
    // Neither the number, nor its masked form, nor the name is anywhere in the store.
    const std::string db = readFile(hall.dataDir() / "hall.db") +
                           (std::filesystem::exists(hall.dataDir() / "hall.db-wal")
                                ? readFile(hall.dataDir() / "hall.db-wal")
                                : std::string());
    CHECK(db.find("11010519491231002X") == std::string::npos);
    CHECK(db.find("110105********002X") == std::string::npos);
    CHECK(db.find("张三丰") == std::string::npos);
    CHECK(db.find(signedCode.substr(5, 40)) == std::string::npos);
}

// What crosses the network between terminals and the central service: uploads, heartbeats,
// bundle requests and answers, acknowledgements, enrolments, and signed bundles. Whatever arrives,
// parsing gives a value or an error; what parses keeps the protocol's promises and survives a round
// trip.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "health/Heartbeat.h"
#include "orders/RemoteOrder.h"
#include "sync/Bundle.h"
#include "sync/EventSchema.h"
#include "sync/SyncProtocol.h"
#include "text/UntrustedJson.h"
#include "text/Utf8.h"

namespace {

using namespace hall;

void check(bool promise) {
    if (!promise)
        std::abort();
}

const DeviceKey& maintainer() {
    static const DeviceKey key = DeviceKey::generate("maint-fuzz", DeviceRole::Maintainer).value();
    return key;
}

void bundleChecks(const std::string& signedText, const sync::PublisherKeys& trusted) {
    auto bundle = sync::openBundle(signedText, trusted);
    if (!bundle)
        return;
    check(bundle->version >= 1);
    auto scope = sync::BundleScope::parse(bundle->scope.code());
    check(scope && scope->code() == bundle->scope.code());
    // Signed again by the same key, it opens to the same bundle.
    auto again = sync::openBundle(sync::signBundle(*bundle, maintainer()), trusted);
    check(again && again->content == bundle->content && again->version == bundle->version &&
          again->kind == bundle->kind);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    if (auto batch = sync::parseUpload(input)) {
        check(batch->events.size() <= sync::kMaxBatchEvents);
        for (size_t i = 1; i < batch->events.size(); ++i)
            check(batch->events[i - 1].seq < batch->events[i].seq);
        auto back = sync::parseUpload(dumpJson(sync::uploadJson(*batch)));
        check(back && back->events.size() == batch->events.size() && back->hallId == batch->hallId);
        // Status text is valid UTF-8 and within its size, whatever was sent.
        check(utf8::isValid(batch->status.lastError) && batch->status.lastError.size() <= 500);
        check(utf8::isValid(batch->status.software) && batch->status.software.size() <= 64);
        for (const auto& e : batch->events) {
            // The central checks each event: never a crash, whatever its payload.
            (void)sync::checkEventPayload(e.type, parseUntrustedJson(e.payload));
        }
    }
    // Anything that parses nests no deeper than the limit, and writes out again.
    const auto any = parseUntrustedJson(input);
    if (!any.is_discarded())
        check(!dumpJson(any).empty());
    if (auto request = sync::parseBundleRequest(input)) {
        auto back = sync::parseBundleRequest(sync::bundleRequestJson(*request).dump());
        check(back && back->have == request->have);
    }
    const sync::PublisherKeys trusted{{maintainer().id, maintainer().publicKey}};
    if (auto beat = health::parseHeartbeat(input)) {
        // A heartbeat taken is kept as the central writes it out: it reads back the same.
        auto back = health::parseHeartbeat(dumpJson(health::heartbeatJson(*beat)));
        check(back && *back == *beat);
        check(utf8::isValid(beat->screen) && beat->lanDevices.size() <= 64);
    }
    // An order as it came (refused: nobody's key signed it), and signed by a trusted key: what
    // a terminal reads of it stays within its promises.
    (void)orders::openOrder(input, trusted);
    const std::string signedOrder = std::string(R"({"order":")") + toBase64(input) +
                                    R"(","signer":"maint-fuzz","signature":")" +
                                    maintainer().sign(input) + "\"}";
    if (auto order = orders::openOrder(signedOrder, trusted)) {
        check(order->message.size() <= 200 && utf8::isValid(order->message));
        check(order->expiresAtMs > order->issuedAtMs && order->id.size() >= 16);
    }
    if (const auto j = parseUntrustedJson(input); !j.is_discarded())
        (void)orders::parseOutcomes(j);
    (void)sync::parseAck(input);
    (void)sync::parseEnrol(input);
    (void)sync::parseBundleAnswer(input);

    // As it came: almost always refused, by signature or shape.
    bundleChecks(input, trusted);
    // As the signed part of a bundle a maintainer really signed: its reading is reached.
    const std::string envelope = std::string(R"({"bundle":")") + toBase64(input) +
                                 R"(","signer":"maint-fuzz","signature":")" +
                                 maintainer().sign(input) + "\"}";
    bundleChecks(envelope, trusted);
    return 0;
}

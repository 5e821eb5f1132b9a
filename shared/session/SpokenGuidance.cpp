#include "session/SpokenGuidance.h"

#include "queue/CallAnnouncement.h"

namespace hall {

std::string spokenTicketNumber(const std::string& number, const std::string& language) {
    if (language == "zh-CN")
        return chineseDigits(number);
    std::string out;
    for (char c : number) {
        if (!out.empty())
            out += ' ';
        out += c;
    }
    return out;
}

std::optional<Guidance> spokenGuidance(const ResidentSession& session, const Translations& tr,
                                       const HallConfig& config,
                                       const std::function<int(char)>& waiting) {
    const std::string& lang = session.language();
    auto text = [&](std::string_view key) { return tr.text(lang, key); };
    auto format = [&](std::string_view key, const Translations::Args& args) {
        return tr.format(lang, key, args);
    };
    auto local = [&](const LocalizedText& t) { return t.in(lang, config.defaultLanguage()); };
    Guidance g;
    g.language = lang;
    g.moment = std::string(screenName(session.screen())) + "|" + lang;
    if (const auto seconds = session.timeoutWarning()) {
        // Said once as the warning appears, with the whole time left.
        g.moment += "|timeout";
        g.text = format("voice.timeout", {{"seconds", std::to_string(*seconds)}});
        return g;
    }
    switch (session.screen()) {
        case ResidentScreen::Attract:
            if (!session.touchedThisVisit())
                return std::nullopt;
            g.text = text("voice.attract");
            break;
        case ResidentScreen::ConfirmService: {
            const ServiceConfig* s =
                session.chosenService() ? config.findService(*session.chosenService()) : nullptr;
            if (!s)
                return std::nullopt;
            g.text = format("voice.confirm", {{"service", local(s->name)},
                                              {"n", std::to_string(waiting(s->letter))}});
            break;
        }
        case ResidentScreen::Ticket: {
            const auto& issued = session.ticket();
            if (!issued)
                return std::nullopt;
            g.moment += "|" + issued->ticket.id;
            const std::string number = spokenTicketNumber(issued->ticket.number, lang);
            g.text = issued->peopleAhead == 0
                         ? format("voice.ticket_now", {{"number", number}})
                         : format("voice.ticket",
                                  {{"number", number},
                                   {"n", std::to_string(issued->peopleAhead)},
                                   {"minutes", std::to_string(issued->estimatedWaitMinutes)}});
            break;
        }
        case ResidentScreen::Paused:
            g.text = text("voice.paused");
            break;
        case ResidentScreen::RateScan:
            g.text = text("voice.rate_scan");
            break;
        case ResidentScreen::Rate:
            g.text = text("voice.rate");
            break;
        case ResidentScreen::RateThanks:
            g.text = text("voice.rate_thanks");
            break;
        case ResidentScreen::ProofSearch:
            g.text = text("voice.proof_search");
            break;
        case ResidentScreen::ProofPermitted: {
            const ProofItem* item = session.proofItem();
            if (!item)
                return std::nullopt;
            g.moment += "|" + item->id;
            std::string materials;
            for (const auto& m : item->materials)
                materials += (materials.empty() ? "" : text("voice.list_separator")) + local(m);
            g.text = format("voice.proof_permitted",
                            {{"item", local(item->name)}, {"materials", materials}});
            break;
        }
        case ResidentScreen::ProofNotIssued: {
            const ProofItem* item = session.proofItem();
            if (!item)
                return std::nullopt;
            g.moment += "|" + item->id;
            g.text = format("voice.proof_not_issued",
                            {{"item", local(item->name)}, {"where", local(item->handledBy)}});
            break;
        }
        case ResidentScreen::ProofUnknown:
            g.text = text("voice.proof_unknown");
            break;
        case ResidentScreen::IdentityScan:
            g.text = text("voice.identity_scan");
            break;
    }
    return g;
}

}  // namespace hall

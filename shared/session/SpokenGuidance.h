#pragma once
#include <functional>
#include <optional>
#include <string>

#include "config/HallConfig.h"
#include "i18n/Translations.h"
#include "session/ResidentSession.h"

namespace hall {

// What the terminal says aloud for the moment a resident is at: what the screen is for and
// what to do, the ticket's number, place and wait in full, a proof's answer and what to bring.
// Built only from the screen's public facts: never an ID number or a name, even of a resident
// identified on screen.
struct Guidance {
    std::string moment;  // changes when something worth saying anew appears
    std::string language;
    std::string text;
};

// `waiting`: how many wait for a service now. None on the start screen before anyone has
// touched it (nobody may be there to hear it).
std::optional<Guidance> spokenGuidance(const ResidentSession& session, const Translations& tr,
                                       const HallConfig& config,
                                       const std::function<int(char)>& waiting);

// A ticket number as it is read out: letter and digits one by one, in Chinese numerals for
// Mandarin as the call display says them ("A001" → "A零零一", else "A 0 0 1").
std::string spokenTicketNumber(const std::string& number, const std::string& language);

}  // namespace hall

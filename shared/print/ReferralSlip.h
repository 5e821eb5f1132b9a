#pragma once
#include "config/HallConfig.h"
#include "i18n/Translations.h"
#include "print/Slip.h"
#include "proofs/ProofCatalog.h"
#include "time/Clock.h"

namespace hall {

// The referral slip (告知单) for a proof the community must not issue: what was asked for, that
// the community does not issue it and why, where to go instead, what replaces the proof, and a
// QR code to the department's online service. In the hall's default language, like the ticket.
Slip makeReferralSlip(const ProofItem& item, const HallConfig& config,
                      const Translations& translations, TimePoint now);

}  // namespace hall

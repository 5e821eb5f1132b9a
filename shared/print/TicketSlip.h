#pragma once
#include "config/HallConfig.h"
#include "i18n/Translations.h"
#include "print/Slip.h"
#include "queue/QueueEngine.h"

namespace hall {

// The queue ticket slip. Printed in the hall's default language: receipt printers sold in China
// carry GB18030 fonts, which may lack Hangul, and staff read the slip too.
Slip makeTicketSlip(const IssuedTicket& issued, const HallConfig& config,
                    const Translations& translations);

}  // namespace hall

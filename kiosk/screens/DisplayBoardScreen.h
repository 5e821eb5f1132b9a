#pragma once
#include <string>

#include "display/CallBoard.h"
#include "i18n/Translations.h"
#include "lan/HallLink.h"
#include "screens/Canvas.h"

namespace hall {

struct DisplayContext : Canvas {
    const HallLink::View& view;
    const CallBoard& board;
    const Translations& tr;
    const std::string& language;
    TimePoint now;
};

void drawDisplayBoardScreen(DisplayContext& ctx);

}  // namespace hall

#include "screens/ScreenContext.h"
#include "screens/Theme.h"
#include "screens/Widgets.h"

namespace hall {

void drawRateThanksScreen(ScreenContext& ctx) {
    beginScreen(ctx, "rate-thanks");
    const Layout& l = ctx.layout;
    const float margin = l.u(60);
    const float y = drawHeader(ctx) + (l.height - l.u(190)) / 3;
    centeredText(ctx, ctx.fonts.large, ctx.text("rating.thanks"), ImVec2(margin, y),
                 l.width - 2 * margin, theme::kGood);
    endScreen();
}

}  // namespace hall

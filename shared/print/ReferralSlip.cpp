#include "print/ReferralSlip.h"

namespace hall {

Slip makeReferralSlip(const ProofItem& item, const HallConfig& config, const Translations& tr,
                      TimePoint now) {
    const std::string& lang = config.defaultLanguage();
    const auto local = toHallLocal(now, config.utcOffsetMinutes);
    using Size = SlipItem::Size;
    Slip slip;
    slip.text(config.hallName.in(lang, lang), Size::Normal, true, true);
    slip.rule();
    slip.text(tr.text(lang, "slip.referral_title"), Size::Large, true, true);
    slip.text(tr.format(lang, "slip.referral_item", {{"item", item.name.in(lang, "zh-CN")}}),
              Size::Normal, true);
    slip.text(item.why.in(lang, "zh-CN"));
    slip.text(
        tr.format(lang, "slip.referral_go_to", {{"department", item.handledBy.in(lang, "zh-CN")}}),
        Size::Normal, true);
    slip.text(
        tr.format(lang, "slip.referral_instead", {{"instead", item.replacedBy.in(lang, "zh-CN")}}));
    slip.text(tr.format(lang, "slip.referral_basis", {{"basis", item.basis}}));
    if (!item.onlineService.empty()) {
        slip.qr(item.onlineService);
        slip.text(tr.text(lang, "slip.referral_online"), Size::Normal, false, true);
        slip.text(item.onlineService, Size::Normal, false, true);
    }
    slip.rule();
    slip.text(tr.format(lang, "slip.referral_printed_at",
                        {{"time", local.date() + " " + local.clockText()}}));
    return slip;
}

}  // namespace hall

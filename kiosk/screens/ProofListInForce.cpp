#include "screens/ProofListInForce.h"

namespace hall {

std::string proofListInForce(ScreenContext& ctx) {
    const ProofCatalog* catalog = ctx.session.proofCatalog();
    if (!catalog)
        return {};
    const std::string text =
        ctx.format("proofs.list_in_force",
                   {{"list", ctx.local(catalog->title)}, {"date", catalog->effectiveFrom}});
    ctx.targets.fact("proof.list", catalog->id + " " + catalog->effectiveFrom);
    return text;
}

}  // namespace hall

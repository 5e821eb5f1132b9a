#pragma once
#include <string>
#include <string_view>

#include "proofs/ProofCatalog.h"

namespace hall {

// What may be kept of the words a resident typed when the catalogue found nothing, for
// maintainers to extend it: only runs of at least two Chinese characters that also occur in the
// catalogue's own names and synonyms, each gap marked "…". Whatever else was typed — a name, an
// address, a number — is never stored or sent, since nothing but the catalogue's words survive.
// "我是金美善要开个证明" keeps "…证明".
std::string keptScreeningWords(const ProofCatalog& catalog, std::string_view typed);

}  // namespace hall

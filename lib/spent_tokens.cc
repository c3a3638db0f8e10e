// The digest under which a used fingerprint-less token is remembered, for every engine.
#include "spent_tokens.h"

#include "crypto.h"

namespace pwreset {

std::string spent_token_digest(std::string_view token) { return to_hex(sha256(token)); }

}  // namespace pwreset

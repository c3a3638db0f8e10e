// The digest under which a used fingerprint-less token is remembered, for every engine.
#include "spent_tokens.h"

#include <openssl/sha.h>

#include "crypto.h"

namespace pwreset {

std::string spent_token_digest(std::string_view token) {
    unsigned char out[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), out);
    return to_hex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

}  // namespace pwreset

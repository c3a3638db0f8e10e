// Reset-link tokens: a user id plus a fingerprint of the password hash they were issued for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "result.h"
#include "token.h"

namespace pwreset {

// A short keyed digest of a stored password hash. Once the password changes the digest
// changes, so a link (or a session) issued before stops working: a link works once.
std::string password_fingerprint(std::string_view secret, std::string_view password_hash);

// True when fingerprint matches password_hash under any secret of the keyring, so links
// and sessions signed before a key rotation keep working.
bool fingerprint_matches(const Keyring& keys, std::string_view fingerprint,
                         std::string_view password_hash);

// {"user_id":N,"fp":"..."} signed with the current secret.
std::string mint_reset_token(const Keyring& keys, std::int64_t user_id,
                             std::string_view password_hash, std::int64_t now,
                             std::int64_t max_age);

// What a verified reset token claims.
struct ResetClaim {
    std::int64_t user_id = 0;
    std::optional<std::string> fingerprint;  // absent in tokens minted by the Flask app
    std::int64_t expires_at = 0;
};

// Verifies the token and reads user_id (an integer) and fp (a string, when present).
// A payload without an integer user_id is bad_payload.
Result<ResetClaim, TokenError> read_reset_token(const Keyring& keys, std::string_view token,
                                                std::int64_t now);

}  // namespace pwreset

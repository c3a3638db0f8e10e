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
bool fingerprint_matches(const Keyring& keys, std::string_view fingerprint, std::string_view password_hash);

// {"user_id":N,"fp":"..."} signed with the current secret.
std::string mint_reset_token(const Keyring& keys, std::int64_t user_id, std::string_view password_hash,
                             std::int64_t now, std::int64_t max_age);

// What a verified reset token claims.
struct ResetClaim {
    std::int64_t user_id = 0;
    std::optional<std::string> fingerprint;  // absent in tokens minted by the Flask app
    std::int64_t expires_at = 0;
    std::optional<std::int64_t> issued_at;  // the header's iat, when an integer
};

// Verifies the token and reads user_id (an integer) and fp (a string, when present).
// A payload without an integer user_id is bad_payload.
Result<ResetClaim, TokenError> read_reset_token(const Keyring& keys, std::string_view token,
                                                std::int64_t now);

// Whether a link without a fingerprint (minted by the Flask app) may still be used. Such a
// link cannot tell which password it was issued for, so it is refused when it was issued
// (iat) no later than the account's last password change through pwreset: one used link
// ends every other. Since iat counts whole seconds, a link from the very second of the
// change counts as older. It is also refused once max_age (token_max_age) has passed since
// iat, whatever its own exp allows, and when it has no integer iat.
bool legacy_link_current(const ResetClaim& claim, std::optional<std::int64_t> password_changed_at,
                         std::int64_t max_age, std::int64_t now);

}  // namespace pwreset

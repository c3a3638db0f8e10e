// Reset-link tokens on top of the itsdangerous-compatible codec.
#include "reset_token.h"

#include "crypto.h"
#include "json.h"

namespace pwreset {
namespace {

// Domain separation: the same secret also signs tokens and cookies.
constexpr std::string_view kFingerprintLabel = "pwreset password fingerprint\n";
constexpr std::size_t kFingerprintBytes = 8;

}  // namespace

std::string password_fingerprint(std::string_view secret, std::string_view password_hash) {
    std::string message(kFingerprintLabel);
    message.append(password_hash);
    return to_hex(hmac_sha256(secret, message).substr(0, kFingerprintBytes));
}

bool fingerprint_matches(const Keyring& keys, std::string_view fingerprint, std::string_view password_hash) {
    bool match = constant_time_equal(fingerprint, password_fingerprint(keys.current, password_hash));
    for (const auto& old : keys.old) {
        match |= constant_time_equal(fingerprint, password_fingerprint(old, password_hash));
    }
    return match;
}

std::string mint_reset_token(const Keyring& keys, std::int64_t user_id, std::string_view password_hash,
                             std::int64_t now, std::int64_t max_age) {
    const Json payload = Json::make_object({
        {"user_id", Json::make_int(user_id)},
        {"fp", Json::make_string(password_fingerprint(keys.current, password_hash))},
    });
    return mint_token(keys.current, payload.dump(), now, max_age);
}

Result<ResetClaim, TokenError> read_reset_token(const Keyring& keys, std::string_view token,
                                                std::int64_t now) {
    auto verified = verify_token(keys, token, now);
    if (!verified) return verified.failure();
    const Json* user_id = verified->payload.find("user_id");
    if (!user_id || !user_id->as_int()) {
        return fail(TokenError::bad_payload, "payload has no integer user_id");
    }
    ResetClaim claim;
    claim.user_id = *user_id->as_int();
    claim.expires_at = verified->expires_at;
    if (const Json* iat = verified->header.find("iat")) claim.issued_at = iat->as_int();
    if (const Json* fp = verified->payload.find("fp")) {
        auto text = fp->as_string();
        if (!text) return fail(TokenError::bad_payload, "fp is not a string");
        claim.fingerprint = std::move(*text);
    }
    return claim;
}

bool legacy_link_current(const ResetClaim& claim, std::optional<std::int64_t> password_changed_at,
                         std::int64_t max_age, std::int64_t now) {
    if (!claim.issued_at) return false;
    // Like exp, valid up to and including the last second; written so that no iat a token
    // may hold can overflow the sum.
    if (*claim.issued_at < now - max_age) return false;
    return !password_changed_at || *claim.issued_at > *password_changed_at;
}

}  // namespace pwreset

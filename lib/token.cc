// Mints and verifies itsdangerous 1.x HS512 timed JSON web signatures.
#include "token.h"

#include <optional>

#include "base64url.h"
#include "crypto.h"

namespace pwreset {

namespace {

// Key order and spacing are itsdangerous' own, so the signed bytes match the Python app.
std::string header_json(std::int64_t now, std::int64_t max_age) {
    return "{\"alg\":\"HS512\",\"iat\":" + std::to_string(now) + ",\"exp\":" + std::to_string(now + max_age) +
           "}";
}

// Tries every secret even after a match, so timing does not tell which secret signed.
bool signed_by_keyring(const Keyring& keys, std::string_view signing_input, std::string_view signature) {
    bool match = constant_time_equal(hmac_sha512(keys.current, signing_input), signature);
    for (const auto& secret : keys.old) {
        match = constant_time_equal(hmac_sha512(secret, signing_input), signature) || match;
    }
    return match;
}

bool is_hs512(const Json& header) {
    const Json* alg = header.find("alg");
    const std::optional<std::string> name = alg ? alg->as_string() : std::nullopt;
    return name && *name == "HS512";
}

std::optional<std::int64_t> expiry_of(const Json& header) {
    const Json* exp = header.find("exp");
    const std::optional<std::int64_t> seconds = exp ? exp->as_int() : std::nullopt;
    if (!seconds || *seconds < 0) return std::nullopt;
    return seconds;
}

}  // namespace

std::string mint_token(std::string_view secret, std::string_view payload_json, std::int64_t now,
                       std::int64_t max_age) {
    const std::string signing_input =
        base64url_encode(header_json(now, max_age)) + "." + base64url_encode(payload_json);
    return signing_input + "." + base64url_encode(hmac_sha512(secret, signing_input));
}

Result<VerifiedToken, TokenError> verify_token(const Keyring& keys, std::string_view token,
                                               std::int64_t now) {
    const std::size_t last_dot = token.rfind('.');
    if (last_dot == std::string_view::npos) {
        return fail(TokenError::malformed, "token has no '.'");
    }
    const std::string_view signing_input = token.substr(0, last_dot);
    const std::optional<std::string> signature = base64url_decode(token.substr(last_dot + 1));
    if (!signature || !signed_by_keyring(keys, signing_input, *signature)) {
        return fail(TokenError::bad_signature, "signature does not match any secret");
    }
    const std::size_t first_dot = signing_input.find('.');
    if (first_dot == std::string_view::npos) {
        return fail(TokenError::malformed, "token has no header/payload separator");
    }
    const std::optional<std::string> header_text = base64url_decode(signing_input.substr(0, first_dot));
    if (!header_text) return fail(TokenError::bad_header, "header is not base64url");
    std::optional<std::string> payload_text = base64url_decode(signing_input.substr(first_dot + 1));
    if (!payload_text) return fail(TokenError::bad_payload, "payload is not base64url");
    std::optional<Json> header = parse_json(*header_text);
    if (!header || !header->is_object()) {
        return fail(TokenError::bad_header, "header is not a JSON object");
    }
    std::optional<Json> payload = parse_json(*payload_text);
    if (!payload) return fail(TokenError::bad_payload, "payload is not JSON");
    if (!is_hs512(*header)) return fail(TokenError::bad_header, "algorithm is not HS512");
    const std::optional<std::int64_t> expires_at = expiry_of(*header);
    if (!expires_at) {
        return fail(TokenError::bad_header, "exp is missing or not a non-negative integer");
    }
    if (*expires_at < now) return fail(TokenError::expired, "token expired");
    return VerifiedToken{std::move(*header), std::move(*payload), std::move(*payload_text), *expires_at};
}

const char* describe(TokenError error) {
    switch (error) {
        case TokenError::malformed: return "malformed token";
        case TokenError::bad_signature: return "invalid signature";
        case TokenError::bad_header: return "invalid header";
        case TokenError::bad_payload: return "invalid payload";
        case TokenError::expired: return "expired";
    }
    return "unknown token error";
}

}  // namespace pwreset

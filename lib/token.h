// Signed, timed tokens in itsdangerous 1.x TimedJSONWebSignatureSerializer format (HS512).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json.h"
#include "result.h"

namespace pwreset {

// The current secret signs and verifies; old secrets only verify, so links and sessions
// issued before a key rotation keep working until they expire.
struct Keyring {
    std::string current;
    std::vector<std::string> old;
};

enum class TokenError {
    malformed,      // not three dot-separated base64url parts
    bad_signature,  // no secret of the keyring produced this HMAC-SHA512
    bad_header,     // header not a JSON object, alg not exactly "HS512", exp missing or bad
    bad_payload,    // payload not valid UTF-8 JSON
    expired,        // exp < now
};

struct VerifiedToken {
    Json header;
    Json payload;
    std::string payload_json;  // the payload's exact decoded text
    std::int64_t expires_at = 0;
};

// Signs payload_json (already compact JSON text) with header
// {"alg":"HS512","iat":now,"exp":now+max_age}; byte-identical to itsdangerous' dumps().
std::string mint_token(std::string_view secret, std::string_view payload_json, std::int64_t now,
                       std::int64_t max_age);

// Checks the signature against every secret of the keyring in constant time, then the
// header (alg must be HS512, exp a non-negative integer) and the expiry (valid while
// now <= exp). The order follows itsdangerous, so a tampered token is bad_signature
// before anything inside it is read.
Result<VerifiedToken, TokenError> verify_token(const Keyring& keys, std::string_view token, std::int64_t now);

// A short name for each error, for messages: "invalid signature", "expired", ...
const char* describe(TokenError error);

}  // namespace pwreset

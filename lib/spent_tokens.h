// Legacy reset tokens (from the Flask app, without a fingerprint) used once are kept here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "database.h"  // DbError
#include "result.h"

namespace pwreset {

// Without a password fingerprint a Flask token would work until it expires; remembering
// its digest until then makes it work once, like ours. One per process, opened by
// open_storage for the configured engine.
class SpentTokens {
public:
    virtual ~SpentTokens() = default;
    virtual Result<bool, DbError> is_spent(std::string_view token) = 0;
    // Records the token and prunes records whose tokens have expired anyway.
    virtual Result<Done, DbError> spend(std::string_view token, std::int64_t expires_at,
                                        std::int64_t now) = 0;
};

// What is stored of a token: its SHA-256 in hex, so the table never holds a usable token.
std::string spent_token_digest(std::string_view token);

}  // namespace pwreset

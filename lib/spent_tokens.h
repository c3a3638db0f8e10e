// Legacy reset tokens (from the Flask app, without a fingerprint) used once are kept here.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "database.h"
#include "result.h"

namespace pwreset {

// Without a password fingerprint a Flask token would work until it expires; remembering
// its digest until then makes it work once, like ours.
class SpentTokens {
public:
    static Result<std::unique_ptr<SpentTokens>, DbError> open(Database& db);
    Result<bool, DbError> is_spent(std::string_view token);
    // Records the token and prunes records whose tokens have expired anyway.
    Result<Done, DbError> spend(std::string_view token, std::int64_t expires_at, std::int64_t now);

private:
    SpentTokens() = default;
    std::unique_ptr<Statement> find_, insert_, prune_;
};

}  // namespace pwreset

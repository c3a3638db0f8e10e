// The pwreset_spent_token table on PostgreSQL: digests of used fingerprint-less tokens.
#include "pg_spent_tokens.h"

#include <string>

namespace pwreset {

Result<bool, DbError> PgSpentTokens::is_spent(std::string_view token) {
    auto found =
        db_.query("SELECT 1 FROM pwreset_spent_token WHERE digest = $1", {spent_token_digest(token)});
    if (!found) return found.failure();
    return found->count() > 0;
}

Result<Done, DbError> PgSpentTokens::spend(std::string_view token, std::int64_t expires_at,
                                           std::int64_t now) {
    const std::string digest = spent_token_digest(token);
    const std::string expires = std::to_string(expires_at);
    const std::string at = std::to_string(now);
    return db_.transaction([&]() -> Result<Done, DbError> {
        if (auto pruned = db_.run("DELETE FROM pwreset_spent_token WHERE expires_at < $1", {at}); !pruned) {
            return pruned.failure();
        }
        auto inserted = db_.run(
            "INSERT INTO pwreset_spent_token (digest, expires_at) VALUES ($1, $2) "
            "ON CONFLICT (digest) DO NOTHING",
            {digest, expires});
        if (!inserted) return inserted.failure();
        return Done{};
    });
}

}  // namespace pwreset

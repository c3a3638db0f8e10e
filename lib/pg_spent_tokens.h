// SpentTokens on PostgreSQL: the pwreset_spent_token table.
#pragma once

#include "pg_connection.h"
#include "spent_tokens.h"

namespace pwreset {

class PgSpentTokens final : public SpentTokens {
public:
    explicit PgSpentTokens(PgConnection& db) : db_(db) {}
    Result<bool, DbError> is_spent(std::string_view token) override;
    Result<Done, DbError> spend(std::string_view token, std::int64_t expires_at, std::int64_t now) override;

private:
    PgConnection& db_;
};

}  // namespace pwreset

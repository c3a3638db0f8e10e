// SpentTokens on SQLite: the pwreset_spent_token table.
#pragma once

#include <memory>

#include "database.h"
#include "spent_tokens.h"

namespace pwreset {

class SqliteSpentTokens final : public SpentTokens {
public:
    static Result<std::unique_ptr<SpentTokens>, DbError> open(Database& db);
    Result<bool, DbError> is_spent(std::string_view token) override;
    Result<Done, DbError> spend(std::string_view token, std::int64_t expires_at, std::int64_t now) override;

private:
    SqliteSpentTokens() = default;
    std::unique_ptr<Statement> find_, insert_, prune_;
};

}  // namespace pwreset

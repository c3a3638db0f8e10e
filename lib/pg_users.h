// UserStore on PostgreSQL: flaskblog's "user" table as SQLAlchemy made it there.
#pragma once

#include <memory>

#include "pg_connection.h"
#include "users.h"

namespace pwreset {

// Shares the process's connection; each change is one transaction on the server.
class PgUserStore final : public UserStore {
public:
    explicit PgUserStore(PgConnection& db) : db_(db) {}
    // Checks that the tables are there, so a missing schema shows at start-up.
    static Result<std::unique_ptr<UserStore>, UserError> open(PgConnection& db);

    Result<std::optional<User>, UserError> find_by_email(std::string_view email) override;
    Result<std::optional<User>, UserError> find_by_id(std::int64_t id) override;
    Result<std::int64_t, UserError> add(std::string_view username, std::string_view email,
                                        std::string_view password_hash) override;
    Result<Done, UserError> set_password(std::int64_t id, std::string_view password_hash,
                                         std::int64_t now) override;
    Result<Done, UserError> replace_password(std::int64_t id, std::string_view expected_hash,
                                             std::string_view new_hash, std::int64_t now) override;
    Result<std::optional<std::int64_t>, UserError> password_changed_at(std::int64_t id) override;
    Result<std::vector<User>, UserError> list() override;

private:
    Result<Done, UserError> change_password(const char* update, std::string_view id, std::string_view hash,
                                            std::optional<std::string_view> expected, std::int64_t now);
    Result<std::optional<Failure<UserError>>, UserError> taken(std::string_view username,
                                                               std::string_view email);
    PgConnection& db_;
};

}  // namespace pwreset

// UserStore on SQLite: flaskblog's `user` table in site.db, through prepared statements.
#pragma once

#include <memory>

#include "database.h"
#include "users.h"

namespace pwreset {

// Prepares its statements once against an open database; one per process.
class SqliteUserStore final : public UserStore {
public:
    static Result<std::unique_ptr<UserStore>, UserError> open(Database& db);

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
    SqliteUserStore() = default;
    Result<Done, UserError> change_password(Statement& update, std::int64_t id, std::int64_t now);

    std::unique_ptr<Statement> by_email_, by_id_, insert_, set_password_, replace_password_, list_,
        email_taken_, username_taken_, record_change_, changed_at_, begin_, commit_, rollback_;
};

}  // namespace pwreset

// The accounts, stored in flaskblog's `user` table exactly as Flask-SQLAlchemy made it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "database.h"
#include "result.h"

namespace pwreset {

struct User {
    std::int64_t id = 0;
    std::string username;
    std::string email;
    std::string image_file;
    std::string password_hash;
};

enum class UserError {
    duplicate_email,
    duplicate_username,
    not_found,
    storage,  // the database failed; detail says how
};

// Prepares its statements once against an open database; one per process.
class UserStore {
public:
    static Result<std::unique_ptr<UserStore>, UserError> open(Database& db);

    // Email match is case-insensitive on ASCII letters, as a person types addresses.
    Result<std::optional<User>, UserError> find_by_email(std::string_view email);
    Result<std::optional<User>, UserError> find_by_id(std::int64_t id);
    // Inserts with image_file "default.jpg"; returns the new id.
    Result<std::int64_t, UserError> add(std::string_view username, std::string_view email,
                                        std::string_view password_hash);
    // Both password changes also record now as the account's last change through pwreset
    // (table pwreset_password_changes), in the same transaction, so that links the Flask app
    // issued before it stop working (see legacy_link_current).
    Result<Done, UserError> set_password(std::int64_t id, std::string_view password_hash,
                                         std::int64_t now);
    // Only changes the hash when it is still expected_hash: two resets racing with one
    // link cannot both succeed. Returns not_found when the hash had already changed.
    Result<Done, UserError> replace_password(std::int64_t id, std::string_view expected_hash,
                                             std::string_view new_hash, std::int64_t now);
    // When pwreset last changed the account's password (unix seconds); nullopt if never.
    Result<std::optional<std::int64_t>, UserError> password_changed_at(std::int64_t id);
    Result<std::vector<User>, UserError> list();

private:
    UserStore() = default;
    Result<Done, UserError> change_password(Statement& update, std::int64_t id, std::int64_t now);

    std::unique_ptr<Statement> by_email_, by_id_, insert_, set_password_, replace_password_,
        list_, email_taken_, username_taken_, record_change_, changed_at_, begin_, commit_,
        rollback_;
};

}  // namespace pwreset

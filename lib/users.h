// The accounts, stored in flaskblog's `user` table exactly as Flask-SQLAlchemy made it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// The accounts, whatever the engine: one store per process, opened by open_storage.
class UserStore {
public:
    virtual ~UserStore() = default;

    // Email match is case-insensitive on ASCII letters, as a person types addresses.
    virtual Result<std::optional<User>, UserError> find_by_email(std::string_view email) = 0;
    virtual Result<std::optional<User>, UserError> find_by_id(std::int64_t id) = 0;
    // Inserts with image_file "default.jpg"; returns the new id.
    virtual Result<std::int64_t, UserError> add(std::string_view username, std::string_view email,
                                                std::string_view password_hash) = 0;
    // Both password changes also record now as the account's last change through pwreset
    // (table pwreset_password_changes), in the same transaction, so that links the Flask app
    // issued before it stop working (see legacy_link_current).
    virtual Result<Done, UserError> set_password(std::int64_t id, std::string_view password_hash,
                                                 std::int64_t now) = 0;
    // Only changes the hash when it is still expected_hash: two resets racing with one
    // link cannot both succeed. Returns not_found when the hash had already changed.
    virtual Result<Done, UserError> replace_password(std::int64_t id, std::string_view expected_hash,
                                                     std::string_view new_hash, std::int64_t now) = 0;
    // When pwreset last changed the account's password (unix seconds); nullopt if never.
    virtual Result<std::optional<std::int64_t>, UserError> password_changed_at(std::int64_t id) = 0;
    virtual Result<std::vector<User>, UserError> list() = 0;
};

}  // namespace pwreset

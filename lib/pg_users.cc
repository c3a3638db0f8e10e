// PgUserStore: accounts in flaskblog's "user" table on PostgreSQL, one statement or one
// transaction per operation.
#include "pg_users.h"

#include <string>
#include <utility>

namespace pwreset {
namespace {

#define PWRESET_COLUMNS "SELECT id, username, email, image_file, password FROM \"user\" "
// ASCII letters only, as SQLite's NOCASE: the same expression as the schema's index.
#define PWRESET_NOCASE(x) "translate(" x ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"

Failure<UserError> storage(const Failure<DbError>& failure) {
    return fail(UserError::storage, failure.detail);
}

User read_user(const PgRows& rows, int row) {
    return User{rows.integer(row, 0), rows.text(row, 1), rows.text(row, 2), rows.text(row, 3),
                rows.text(row, 4)};
}

Result<std::optional<User>, UserError> one_user(const Result<PgRows, DbError>& rows) {
    if (!rows) return storage(rows.failure());
    if (rows->count() == 0) return std::optional<User>{};
    return std::optional<User>{read_user(*rows, 0)};
}

}  // namespace

Result<std::unique_ptr<UserStore>, UserError> PgUserStore::open(PgConnection& db) {
    auto ready = db.query(
        "SELECT 1 FROM \"user\", pwreset_password_changes, pwreset_throttle, pwreset_spent_token "
        "LIMIT 0");
    if (!ready) return storage(ready.failure());
    return std::unique_ptr<UserStore>(new PgUserStore(db));
}

Result<std::optional<User>, UserError> PgUserStore::find_by_email(std::string_view email) {
    // An exact-case match wins should two stored addresses differ only in case, else the
    // oldest account.
    return one_user(db_.query(PWRESET_COLUMNS
                              "WHERE id = coalesce((SELECT id FROM \"user\" WHERE email = $1), "
                              "(SELECT id FROM \"user\" WHERE " PWRESET_NOCASE("email") " = " PWRESET_NOCASE(
                                  "$1") " ORDER BY id LIMIT 1))",
                              {email}));
}

Result<std::optional<User>, UserError> PgUserStore::find_by_id(std::int64_t id) {
    return one_user(db_.query(PWRESET_COLUMNS "WHERE id = $1", {std::to_string(id)}));
}

Result<std::optional<Failure<UserError>>, UserError> PgUserStore::taken(std::string_view username,
                                                                        std::string_view email) {
    auto found = db_.query(
        "SELECT (SELECT count(*) FROM \"user\" WHERE username = $1), "
        "(SELECT count(*) FROM \"user\" WHERE " PWRESET_NOCASE("email") " = " PWRESET_NOCASE("$2") ")",
        {username, email});
    if (!found) return storage(found.failure());
    if (found->integer(0, 0) > 0) return std::optional{fail(UserError::duplicate_username)};
    if (found->integer(0, 1) > 0) return std::optional{fail(UserError::duplicate_email)};
    return std::optional<Failure<UserError>>{};
}

Result<std::int64_t, UserError> PgUserStore::add(std::string_view username, std::string_view email,
                                                 std::string_view password_hash) {
    // Which field is taken is asked first, and asked again when a concurrent insert won
    // the race and the UNIQUE constraint refused ours.
    auto refused = taken(username, email);
    if (!refused) return refused.failure();
    if (*refused) return **refused;
    auto inserted = db_.query(
        "INSERT INTO \"user\" (username, email, image_file, password) "
        "VALUES ($1, $2, 'default.jpg', $3) RETURNING id",
        {username, email, password_hash});
    if (inserted && inserted->count() == 1) return inserted->integer(0, 0);
    if (!inserted && inserted.error() == DbError::constraint) {
        auto again = taken(username, email);
        if (again && *again) return **again;
    }
    if (!inserted) return storage(inserted.failure());
    return fail(UserError::storage, "insert returned no id");
}

// The new hash and the record of its time are written together or not at all: a change
// the record missed would leave the Flask app's older links working.
Result<Done, UserError> PgUserStore::change_password(const char* update, std::string_view id,
                                                     std::string_view hash,
                                                     std::optional<std::string_view> expected,
                                                     std::int64_t now) {
    const std::string at = std::to_string(now);
    auto changed = db_.transaction([&]() -> Result<bool, DbError> {
        auto updated = expected ? db_.run(update, {id, hash, *expected}) : db_.run(update, {id, hash});
        if (!updated) return updated.failure();
        if (updated->affected() == 0) return false;
        auto recorded = db_.run(
            "INSERT INTO pwreset_password_changes (user_id, changed_at) VALUES ($1, $2) "
            "ON CONFLICT (user_id) DO UPDATE SET changed_at = excluded.changed_at",
            {id, at});
        if (!recorded) return recorded.failure();
        return true;
    });
    if (!changed) return storage(changed.failure());
    if (!*changed) return fail(UserError::not_found);
    return Done{};
}

Result<Done, UserError> PgUserStore::set_password(std::int64_t id, std::string_view password_hash,
                                                  std::int64_t now) {
    return change_password("UPDATE \"user\" SET password = $2 WHERE id = $1", std::to_string(id),
                           password_hash, std::nullopt, now);
}

Result<Done, UserError> PgUserStore::replace_password(std::int64_t id, std::string_view expected_hash,
                                                      std::string_view new_hash, std::int64_t now) {
    // The row lock of the UPDATE makes a second racing swap wait, then find the new hash.
    return change_password("UPDATE \"user\" SET password = $2 WHERE id = $1 AND password = $3",
                           std::to_string(id), new_hash, expected_hash, now);
}

Result<std::optional<std::int64_t>, UserError> PgUserStore::password_changed_at(std::int64_t id) {
    auto rows =
        db_.query("SELECT changed_at FROM pwreset_password_changes WHERE user_id = $1", {std::to_string(id)});
    if (!rows) return storage(rows.failure());
    if (rows->count() == 0) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{rows->integer(0, 0)};
}

Result<std::vector<User>, UserError> PgUserStore::list() {
    auto rows = db_.query(PWRESET_COLUMNS "ORDER BY id");
    if (!rows) return storage(rows.failure());
    std::vector<User> users;
    for (int row = 0; row < rows->count(); ++row) users.push_back(read_user(*rows, row));
    return users;
}

}  // namespace pwreset

// SqliteUserStore: reads and writes accounts in flaskblog's `user` table with prepared statements.
#include "sqlite_users.h"

#include <utility>

namespace pwreset {

namespace {

constexpr const char* kColumns = "SELECT id, username, email, image_file, password FROM user ";

Failure<UserError> storage(const Failure<DbError>& failure) {
    return fail(UserError::storage, failure.detail);
}

User read_user(const Statement& row) {
    return User{row.column_int(0), row.column_text(1), row.column_text(2), row.column_text(3),
                row.column_text(4)};
}

// Steps a query expected to give at most one row, and ends it so it holds no read lock.
Result<std::optional<User>, UserError> fetch_one(Statement& query) {
    auto row = query.step();
    if (!row) return storage(row.failure());
    if (!*row) return std::optional<User>{};
    User user = read_user(query);
    query.reset();
    return std::optional<User>{std::move(user)};
}

// Runs a statement whose RETURNING clause gives the touched id, if any row was touched.
Result<std::optional<std::int64_t>, DbError> run_returning(Statement& statement) {
    auto row = statement.step();
    if (!row) return row.failure();
    if (!*row) return std::optional<std::int64_t>{};
    const std::int64_t id = statement.column_int(0);
    // The change is committed only once the statement has finished.
    if (auto done = statement.run(); !done) return done.failure();
    return std::optional<std::int64_t>{id};
}

Result<bool, DbError> exists(Statement& query, std::string_view value) {
    auto row = query.reset().bind(1, value).step();
    if (row && *row) query.reset();
    return row;
}

Result<Done, UserError> updated(const Result<std::optional<std::int64_t>, DbError>& result) {
    if (!result) return storage(result.failure());
    if (!*result) return fail(UserError::not_found);
    return Done{};
}

}  // namespace

Result<std::unique_ptr<UserStore>, UserError> SqliteUserStore::open(Database& db) {
    std::unique_ptr<SqliteUserStore> store(new SqliteUserStore());
    const std::string columns = kColumns;
    const std::pair<std::unique_ptr<Statement>*, std::string> statements[] = {
        // An exact-case match wins should two stored addresses differ only in case, else
        // the oldest account. Two index lookups: sorting the matches instead made SQLite
        // build a temporary table on every call, most of the lookup's cost.
        {&store->by_email_, columns +
                                "WHERE id = coalesce((SELECT id FROM user WHERE email = ?1), "
                                "(SELECT id FROM user WHERE email = ?1 COLLATE NOCASE ORDER BY id LIMIT 1))"},
        {&store->by_id_, columns + "WHERE id = ?1"},
        {&store->insert_,
         "INSERT INTO user (username, email, image_file, password) "
         "VALUES (?1, ?2, 'default.jpg', ?3) RETURNING id"},
        {&store->set_password_, "UPDATE user SET password = ?2 WHERE id = ?1 RETURNING id"},
        {&store->replace_password_,
         "UPDATE user SET password = ?3 WHERE id = ?1 AND password = ?2 RETURNING id"},
        {&store->list_, columns + "ORDER BY id"},
        // Case-insensitive like find_by_email, so no address can reach two accounts.
        {&store->email_taken_, "SELECT 1 FROM user WHERE email = ?1 COLLATE NOCASE LIMIT 1"},
        {&store->username_taken_, "SELECT 1 FROM user WHERE username = ?1 LIMIT 1"},
        {&store->record_change_,
         "INSERT INTO pwreset_password_changes (user_id, changed_at) VALUES (?1, ?2) "
         "ON CONFLICT (user_id) DO UPDATE SET changed_at = excluded.changed_at"},
        {&store->changed_at_, "SELECT changed_at FROM pwreset_password_changes WHERE user_id = ?1"},
        {&store->begin_, "BEGIN IMMEDIATE"},
        {&store->commit_, "COMMIT"},
        {&store->rollback_, "ROLLBACK"},
    };
    for (const auto& [slot, sql] : statements) {
        auto prepared = db.prepare(sql);
        if (!prepared) return storage(prepared.failure());
        *slot = std::move(prepared).value();
    }
    return std::unique_ptr<UserStore>(std::move(store));
}

Result<std::optional<User>, UserError> SqliteUserStore::find_by_email(std::string_view email) {
    return fetch_one(by_email_->reset().bind(1, email));
}

Result<std::optional<User>, UserError> SqliteUserStore::find_by_id(std::int64_t id) {
    return fetch_one(by_id_->reset().bind(1, id));
}

Result<std::int64_t, UserError> SqliteUserStore::add(std::string_view username, std::string_view email,
                                                     std::string_view password_hash) {
    // Which field is taken is asked first, and asked again when a concurrent insert won
    // the race and the UNIQUE constraint refused ours.
    auto taken = [&]() -> std::optional<Failure<UserError>> {
        auto name = exists(*username_taken_, username);
        if (!name) return storage(name.failure());
        if (*name) return fail(UserError::duplicate_username);
        auto address = exists(*email_taken_, email);
        if (!address) return storage(address.failure());
        if (*address) return fail(UserError::duplicate_email);
        return std::nullopt;
    };
    if (auto refused = taken()) return *refused;
    auto inserted = run_returning(insert_->reset().bind(1, username).bind(2, email).bind(3, password_hash));
    if (inserted && *inserted) return **inserted;
    if (!inserted && inserted.error() == DbError::constraint) {
        if (auto refused = taken()) return *refused;
    }
    if (!inserted) return storage(inserted.failure());
    return fail(UserError::storage, "insert returned no id");
}

// The new hash and the record of its time are written together or not at all: a change
// the record missed would leave the Flask app's older links working.
Result<Done, UserError> SqliteUserStore::change_password(Statement& update, std::int64_t id,
                                                         std::int64_t now) {
    if (auto begun = begin_->reset().run(); !begun) return storage(begun.failure());
    Result<Done, UserError> changed = updated(run_returning(update));
    if (changed) {
        if (auto recorded = record_change_->reset().bind(1, id).bind(2, now).run(); !recorded) {
            changed = storage(recorded.failure());
        }
    }
    if (changed) {
        if (auto committed = commit_->reset().run(); !committed) changed = storage(committed.failure());
    }
    // A failed COMMIT leaves the transaction open; it must not swallow later writes.
    if (!changed) (void)rollback_->reset().run();
    return changed;
}

Result<Done, UserError> SqliteUserStore::set_password(std::int64_t id, std::string_view password_hash,
                                                      std::int64_t now) {
    return change_password(set_password_->reset().bind(1, id).bind(2, password_hash), id, now);
}

Result<Done, UserError> SqliteUserStore::replace_password(std::int64_t id, std::string_view expected_hash,
                                                          std::string_view new_hash, std::int64_t now) {
    return change_password(replace_password_->reset().bind(1, id).bind(2, expected_hash).bind(3, new_hash),
                           id, now);
}

Result<std::optional<std::int64_t>, UserError> SqliteUserStore::password_changed_at(std::int64_t id) {
    auto row = changed_at_->reset().bind(1, id).step();
    if (!row) return storage(row.failure());
    if (!*row) return std::optional<std::int64_t>{};
    const std::int64_t at = changed_at_->column_int(0);
    changed_at_->reset();
    return std::optional<std::int64_t>{at};
}

Result<std::vector<User>, UserError> SqliteUserStore::list() {
    std::vector<User> users;
    list_->reset();
    for (;;) {
        auto row = list_->step();
        if (!row) return storage(row.failure());
        if (!*row) return users;
        users.push_back(read_user(*list_));
    }
}

}  // namespace pwreset

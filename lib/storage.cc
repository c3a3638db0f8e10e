// Choosing the engine from the `database` value and opening its stores.
#include "storage.h"

#include "pg_spent_tokens.h"
#include "pg_throttle.h"
#include "pg_users.h"
#include "sqlite_spent_tokens.h"
#include "sqlite_throttle.h"
#include "sqlite_users.h"

namespace pwreset {
namespace {

template <typename E>
Failure<StorageError> no_schema(const Failure<E>& failure) {
    return fail(StorageError::no_schema, failure.detail);
}

Result<Storage, StorageError> connect_pg(const std::string& uri) {
    Storage storage;
    auto db = PgConnection::open(uri);
    if (!db) return fail(StorageError::cannot_open, db.detail());
    storage.pg = std::move(*db);
    auto users = PgUserStore::open(*storage.pg);
    if (!users) return no_schema(users.failure());
    storage.users = std::move(*users);
    storage.spent_tokens = std::make_unique<PgSpentTokens>(*storage.pg);
    storage.throttle = std::make_unique<PgThrottle>(*storage.pg);
    return storage;
}

Result<Storage, StorageError> connect_sqlite(const std::string& path) {
    Storage storage;
    auto db = Database::open(path, false);
    if (!db) return fail(StorageError::cannot_open, db.detail());
    storage.sqlite = std::move(*db);
    auto users = SqliteUserStore::open(*storage.sqlite);
    if (!users) return no_schema(users.failure());
    storage.users = std::move(*users);
    auto spent = SqliteSpentTokens::open(*storage.sqlite);
    if (!spent) return no_schema(spent.failure());
    storage.spent_tokens = std::move(*spent);
    auto throttle = SqliteThrottle::open(*storage.sqlite);
    if (!throttle) return no_schema(throttle.failure());
    storage.throttle = std::move(*throttle);
    return storage;
}

}  // namespace

Result<Storage, StorageError> connect_storage(const std::string& database) {
    return is_postgresql_uri(database) ? connect_pg(database) : connect_sqlite(database);
}

Result<Done, StorageError> init_storage(const std::string& database) {
    if (is_postgresql_uri(database)) {
        auto db = PgConnection::open(database);
        if (!db) return fail(StorageError::cannot_open, db.detail());
        if (auto made = init_pg_schema(**db); !made) return no_schema(made.failure());
        return Done{};
    }
    auto db = Database::open(database, true);
    if (!db) return fail(StorageError::cannot_open, db.detail());
    if (auto made = init_schema(**db); !made) return no_schema(made.failure());
    return Done{};
}

}  // namespace pwreset

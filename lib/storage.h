// The configured engine's stores: `database` is a SQLite file path or a postgresql:// URI.
#pragma once

#include <memory>
#include <string>

#include "database.h"
#include "pg_connection.h"
#include "result.h"
#include "spent_tokens.h"
#include "throttle.h"
#include "users.h"

namespace pwreset {

// One connection (exactly one of sqlite and pg) and the stores on it. The stores are
// declared last so they go before the connection they use.
struct Storage {
    std::unique_ptr<Database> sqlite;
    std::unique_ptr<PgConnection> pg;
    std::unique_ptr<UserStore> users;
    std::unique_ptr<SpentTokens> spent_tokens;
    std::unique_ptr<Throttle> throttle;
};

enum class StorageError {
    cannot_open,  // no connection: the detail names the file or the server's answer
    no_schema,    // connected, but pwreset's tables are missing (run `pwreset db init`)
};

// Opens an existing database and its stores. libpq is loaded only for a postgresql:// URI.
Result<Storage, StorageError> connect_storage(const std::string& database);

// Creates the tables for the engine (a SQLite file is created when missing); idempotent.
Result<Done, StorageError> init_storage(const std::string& database);

}  // namespace pwreset

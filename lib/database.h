// One SQLite connection per process: WAL, a busy timeout, prepared statements only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace pwreset {

enum class DbError {
    cannot_open,  // file missing, unreadable, not a database
    busy,         // still locked by another writer after the busy timeout
    read_only,    // the file or its folder is not writable
    constraint,   // a UNIQUE or NOT NULL constraint refused the row
    failed,       // any other SQLite error
};

// A checked statement, compiled on its first use, then reset and reused for each execution.
// Bind, then step.
class Statement {
public:
    Statement(sqlite3* db, std::string sql) : db_(db), sql_(std::move(sql)) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Clears previous bindings and results; call before binding a new execution.
    Statement& reset();
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);

    // true: a row is ready to read; false: done. Errors are mapped to DbError.
    Result<bool, DbError> step();
    // Runs to completion, expecting no rows.
    Result<Done, DbError> run();

    std::int64_t column_int(int index) const;
    std::string column_text(int index) const;

private:
    // The compiled statement, or null (with compile_rc_ saying why) if compiling failed.
    sqlite3_stmt* compiled();

    sqlite3* db_;
    std::string sql_;
    sqlite3_stmt* stmt_ = nullptr;
    int compile_rc_ = 0;
};

class Database {
public:
    // Sets SQLite up for this process once: pages cached as they are used, then
    // sqlite3_initialize(). A supervisor calls it before forking, so its workers share the
    // pages SQLite writes as it starts instead of each writing its own copy. open() calls it.
    static void set_up_library();

    // Opens (creating if create is true) the file, sets WAL and the busy timeout.
    static Result<std::unique_ptr<Database>, DbError> open(const std::string& path, bool create,
                                                           int busy_timeout_ms = 5000);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    // Checks a statement once, typically at start-up; reuse it for every request.
    Result<std::unique_ptr<Statement>, DbError> prepare(std::string_view sql);
    // Runs a script of statements without results (schema creation).
    Result<Done, DbError> exec(const char* sql);

    std::int64_t last_insert_id() const;
    int changes() const;

private:
    explicit Database(sqlite3* db) : db_(db) {}
    sqlite3* db_;
};

// Maps an SQLite result code to our error enum, with sqlite's message as the detail.
Failure<DbError> db_failure(sqlite3* db, int code);

// Creates flaskblog's tables when missing and adds pwreset's own; never alters existing
// tables. Idempotent.
Result<Done, DbError> init_schema(Database& db);

// The text of sql/schema.sql, compiled in.
extern const char kSchemaSql[];

}  // namespace pwreset

// SQLite access: opening with WAL and a busy timeout, prepared statements, error mapping.
#include "database.h"

#include <sqlite3.h>

namespace pwreset {

namespace {

DbError error_for(int code) {
    switch (code & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return DbError::busy;
        case SQLITE_READONLY:
        case SQLITE_CANTOPEN:  // on a write: the -wal/-journal file cannot be created
            return DbError::read_only;
        case SQLITE_CONSTRAINT: return DbError::constraint;
        case SQLITE_NOTADB:
        case SQLITE_CORRUPT: return DbError::cannot_open;
        default: return DbError::failed;
    }
}

// WAL cannot be switched on in a read-only file; such a database is still readable.
Result<Done, DbError> use_wal(sqlite3* db) {
    const int rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    const DbError error = error_for(rc);
    if (rc == SQLITE_OK || error == DbError::read_only) return Done{};
    return db_failure(db, rc);
}

// sqlite3_open_v2 reads nothing, so a file that is not a database shows up only here. A WAL
// database in a folder we cannot write stays read_only: its -shm file cannot be made.
Result<Done, DbError> check_readable(sqlite3* db) {
    const int rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return Done{};
    Failure<DbError> failure = db_failure(db, rc);
    if (failure.error == DbError::failed) failure.error = DbError::cannot_open;
    return failure;
}

}  // namespace

Failure<DbError> db_failure(sqlite3* db, int code) {
    std::string detail = sqlite3_errstr(code);
    // The connection's message names the table or constraint when there is more to say.
    const std::string message = db != nullptr ? sqlite3_errmsg(db) : "";
    if (!message.empty() && message != detail) detail += ": " + message;
    return fail(error_for(code), std::move(detail));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

sqlite3_stmt* Statement::compiled() {
    if (stmt_ == nullptr) {
        compile_rc_ = sqlite3_prepare_v3(db_, sql_.data(), static_cast<int>(sql_.size()),
                                         SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    }
    return stmt_;
}

// SQLite's calls take a null statement as a harmless no-op; step() then reports why it is null.
Statement& Statement::reset() {
    sqlite3_reset(compiled());
    sqlite3_clear_bindings(compiled());
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(compiled(), index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    // A null pointer would bind SQL NULL, but an empty view still means ''.
    const char* data = text.data() != nullptr ? text.data() : "";
    sqlite3_bind_text64(compiled(), index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Result<bool, DbError> Statement::step() {
    if (compiled() == nullptr) return db_failure(db_, compile_rc_);
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    // Resetting ends the statement's implicit transaction, so no lock outlives it.
    sqlite3_reset(stmt_);
    if (rc == SQLITE_DONE) return false;
    return db_failure(db_, rc);
}

Result<Done, DbError> Statement::run() {
    for (;;) {
        auto row = step();
        if (!row) return row.failure();
        if (!*row) return Done{};
    }
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string Statement::column_text(int index) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    if (text == nullptr) return {};
    return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
}

void Database::set_up_library() {
    static const bool set_up = [] {
        // By default each connection allocates room for 20 cached pages up front (about
        // 90 KB); our queries touch a handful, so pages are allocated as they are used
        // instead. SQLite takes this setting only before it initialises.
        sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0);
        return sqlite3_initialize() == SQLITE_OK;
    }();
    (void)set_up;
}

Result<std::unique_ptr<Database>, DbError> Database::open(const std::string& path, bool create,
                                                          int busy_timeout_ms) {
    set_up_library();
    sqlite3* handle = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
    // The handle owns the connection from here on, even when opening failed.
    std::unique_ptr<Database> db(new Database(handle));
    if (rc != SQLITE_OK) {
        Failure<DbError> failure = db_failure(handle, rc);
        return fail(DbError::cannot_open, path + ": " + failure.detail);
    }
    sqlite3_busy_timeout(handle, busy_timeout_ms);
    auto ready = use_wal(handle);
    if (ready) ready = check_readable(handle);
    if (!ready) return fail(ready.error(), path + ": " + ready.detail());
    return db;
}

Database::~Database() { sqlite3_close_v2(db_); }

// Compiled here only to be checked, then again on first use: every store checks all its
// statements when it opens, but a FastCGI worker runs a few of them, and each compiled one
// holds about 2 KB of the worker's own memory (some 40 KB for all of them).
Result<std::unique_ptr<Statement>, DbError> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), 0, &stmt, &tail);
    if (rc != SQLITE_OK) return db_failure(db_, rc);
    if (stmt == nullptr) return fail(DbError::failed, "no SQL statement in: " + std::string(sql));
    sqlite3_finalize(stmt);
    const std::string_view rest = sql.substr(static_cast<std::size_t>(tail - sql.data()));
    if (rest.find_first_not_of(" \t\r\n") != std::string_view::npos) {
        return fail(DbError::failed, "more than one SQL statement in: " + std::string(sql));
    }
    return std::make_unique<Statement>(db_, std::string(sql));
}

Result<Done, DbError> Database::exec(const char* sql) {
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return db_failure(db_, rc);
    return Done{};
}

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

Result<Done, DbError> init_schema(Database& db) {
    // One write transaction: two processes starting together cannot interleave half schemas.
    if (auto begun = db.exec("BEGIN IMMEDIATE"); !begun) return begun;
    auto done = db.exec(kSchemaSql);
    if (done) done = db.exec("COMMIT");
    // A failed COMMIT leaves the transaction open; it must not swallow later writes.
    if (!done) (void)db.exec("ROLLBACK");
    return done;
}

}  // namespace pwreset

// One PostgreSQL connection per process through the dlopened libpq: parameters always
// bound, transactions retried once on a fresh connection when the old one was lost.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "database.h"  // DbError
#include "libpq.h"
#include "result.h"

namespace pwreset {

// The rows of one statement; frees them when it goes.
class PgRows {
public:
    PgRows(const Libpq& pq, PGresult* result) : pq_(&pq), result_(result) {}
    PgRows(PgRows&& other) noexcept : pq_(other.pq_), result_(other.result_) { other.result_ = nullptr; }
    PgRows(const PgRows&) = delete;
    PgRows& operator=(const PgRows&) = delete;
    PgRows& operator=(PgRows&&) = delete;
    ~PgRows();

    int count() const;
    std::string text(int row, int column) const;
    std::int64_t integer(int row, int column) const;
    // Rows an INSERT, UPDATE or DELETE touched.
    std::int64_t affected() const;
    ExecStatusType status() const;
    // The SQLSTATE of a failed statement ("" if none), and libpq's message.
    std::string sqlstate() const;
    std::string message() const;

private:
    const Libpq* pq_;
    PGresult* result_;
};

// A database URI is PostgreSQL's when it has libpq's scheme; anything else is a SQLite path.
bool is_postgresql_uri(std::string_view database);

class PgConnection {
public:
    static Result<std::unique_ptr<PgConnection>, DbError> open(const std::string& uri);
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;
    ~PgConnection();

    // One statement with text parameters $1, $2..., inside a transaction().
    Result<PgRows, DbError> run(const char* sql, std::initializer_list<std::string_view> params = {});
    Result<PgRows, DbError> run(const char* sql, const std::vector<std::string>& params);
    // One statement on its own (its own transaction), run once more on a fresh connection
    // when the old one was lost.
    Result<PgRows, DbError> query(const char* sql, std::initializer_list<std::string_view> params = {});
    // A script of statements without parameters or results (schema creation).
    Result<Done, DbError> script(const char* sql);

    // Runs work (returning Result<T, DbError>) between BEGIN and COMMIT; any failure rolls
    // back. When the connection was lost, it is reset and the whole unit runs once more.
    template <typename Work>
    auto transaction(Work work) -> decltype(work()) {
        auto first = attempt(work);
        if (first || !lost()) return first;
        if (!reconnect()) return first;
        return attempt(work);
    }

private:
    PgConnection(const Libpq& pq, PGconn* conn) : pq_(pq), conn_(conn) {}

    template <typename Work>
    auto attempt(Work& work) -> decltype(work()) {
        if (auto begun = script("BEGIN"); !begun) return begun.failure();
        auto done = work();
        if (done) {
            if (auto committed = script("COMMIT"); !committed) done = committed.failure();
        }
        if (!done && !lost()) (void)script("ROLLBACK");
        return done;
    }
    Result<PgRows, DbError> checked(PgRows rows);
    bool lost() const;
    bool reconnect();

    const Libpq& pq_;
    PGconn* conn_;
};

// Creates flaskblog's tables when missing, as SQLAlchemy makes them on PostgreSQL, and
// adds pwreset's own; never alters existing tables. Idempotent, safe to run concurrently.
Result<Done, DbError> init_pg_schema(PgConnection& db);

// The text of sql/schema_pg.sql, compiled in.
extern const char kPgSchemaSql[];

}  // namespace pwreset

// PostgreSQL statements through libpq: parameters as text, SQLSTATE mapped to DbError.
#include "pg_connection.h"

#include <cstdlib>
#include <string>
#include <vector>

namespace pwreset {
namespace {

DbError error_for(std::string_view sqlstate) {
    if (sqlstate.substr(0, 2) == "23") return DbError::constraint;  // integrity violations
    if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") return DbError::busy;
    if (sqlstate == "25006" || sqlstate == "42501") return DbError::read_only;
    if (sqlstate.substr(0, 2) == "08" || sqlstate == "3D000" || sqlstate == "28P01") {
        return DbError::cannot_open;
    }
    return DbError::failed;
}

// libpq's messages end with a newline; the detail is one line.
std::string one_line(const char* message) {
    std::string text = message != nullptr ? message : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    for (char& c : text) {
        if (c == '\n') c = ' ';
    }
    return text;
}

}  // namespace

PgRows::~PgRows() {
    if (result_ != nullptr) pq_->clear(result_);
}

int PgRows::count() const { return pq_->ntuples(result_); }

std::string PgRows::text(int row, int column) const { return pq_->getvalue(result_, row, column); }

std::int64_t PgRows::integer(int row, int column) const {
    return std::strtoll(pq_->getvalue(result_, row, column), nullptr, 10);
}

std::int64_t PgRows::affected() const { return std::strtoll(pq_->cmd_tuples(result_), nullptr, 10); }

ExecStatusType PgRows::status() const { return pq_->result_status(result_); }

std::string PgRows::sqlstate() const {
    const char* code = pq_->result_error_field(result_, PG_DIAG_SQLSTATE);
    return code != nullptr ? code : "";
}

std::string PgRows::message() const { return pq_->result_error_message(result_); }

bool is_postgresql_uri(std::string_view database) {
    return database.rfind("postgresql://", 0) == 0 || database.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<PgConnection>, DbError> PgConnection::open(const std::string& uri) {
    auto pq = load_libpq();
    if (!pq) return fail(DbError::cannot_open, pq.detail());
    PGconn* conn = (*pq)->connectdb(uri.c_str());
    // The object owns the handle from here on, even when connecting failed.
    std::unique_ptr<PgConnection> db(new PgConnection(**pq, conn));
    if (conn == nullptr) return fail(DbError::cannot_open, "out of memory");
    if ((*pq)->status(conn) != CONNECTION_OK) {
        return fail(DbError::cannot_open, one_line((*pq)->error_message(conn)));
    }
    // Notices (such as "relation already exists, skipping") would go to stderr, the web log.
    if (auto quiet = db->script("SET client_min_messages = warning"); !quiet) return quiet.failure();
    return db;
}

PgConnection::~PgConnection() {
    if (conn_ != nullptr) pq_.finish(conn_);
}

Result<PgRows, DbError> PgConnection::run(const char* sql, std::initializer_list<std::string_view> params) {
    return run(sql, std::vector<std::string>(params.begin(), params.end()));
}

Result<PgRows, DbError> PgConnection::run(const char* sql, const std::vector<std::string>& params) {
    std::vector<const char*> values;
    for (const auto& param : params) values.push_back(param.c_str());
    PgRows rows(pq_, pq_.exec_params(conn_, sql, static_cast<int>(values.size()), nullptr, values.data(),
                                     nullptr, nullptr, 0));
    return checked(std::move(rows));
}

Result<PgRows, DbError> PgConnection::query(const char* sql, std::initializer_list<std::string_view> params) {
    auto first = run(sql, params);
    if (first || !lost() || !reconnect()) return first;
    return run(sql, params);
}

Result<Done, DbError> PgConnection::script(const char* sql) {
    auto done = checked(PgRows(pq_, pq_.exec(conn_, sql)));
    if (!done) return done.failure();
    return Done{};
}

Result<PgRows, DbError> PgConnection::checked(PgRows rows) {
    const ExecStatusType status = rows.status();
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return rows;
    if (lost()) return fail(DbError::cannot_open, "connection lost: " + one_line(pq_.error_message(conn_)));
    return fail(error_for(rows.sqlstate()), one_line(rows.message().c_str()));
}

bool PgConnection::lost() const { return pq_.status(conn_) != CONNECTION_OK; }

bool PgConnection::reconnect() {
    pq_.reset(conn_);
    if (lost()) return false;
    return script("SET client_min_messages = warning").ok();
}

Result<Done, DbError> init_pg_schema(PgConnection& db) {
    // One transaction under a lock of its own: two servers starting together cannot both
    // create the same table, and a failure leaves no half schema.
    return db.transaction([&]() -> Result<Done, DbError> {
        if (auto locked = db.run("SELECT pg_advisory_xact_lock(hashtext('pwreset schema'))"); !locked) {
            return locked.failure();
        }
        return db.script(kPgSchemaSql);
    });
}

}  // namespace pwreset

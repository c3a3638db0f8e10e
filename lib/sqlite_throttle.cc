// The pwreset_throttle table in SQLite: one row per counted attempt, pruned as it ages.
#include "sqlite_throttle.h"

namespace pwreset {

Result<std::unique_ptr<Throttle>, DbError> SqliteThrottle::open(Database& db) {
    std::unique_ptr<SqliteThrottle> throttle(new SqliteThrottle(db));
    const std::pair<std::unique_ptr<Statement>*, const char*> statements[] = {
        {&throttle->count_, "SELECT count(*) FROM pwreset_throttle WHERE bucket = ?1 AND at > ?2"},
        {&throttle->insert_, "INSERT INTO pwreset_throttle (bucket, at) VALUES (?1, ?2)"},
        {&throttle->clear_, "DELETE FROM pwreset_throttle WHERE bucket = ?1"},
        {&throttle->prune_, "DELETE FROM pwreset_throttle WHERE at <= ?1"},
    };
    for (const auto& [slot, sql] : statements) {
        auto prepared = db.prepare(sql);
        if (!prepared) return prepared.failure();
        *slot = std::move(*prepared);
    }
    return std::unique_ptr<Throttle>(std::move(throttle));
}

Result<bool, DbError> SqliteThrottle::allow(std::string_view bucket, int max_attempts, std::int64_t window,
                                            std::int64_t now) {
    if (max_attempts <= 0 || window <= 0) return true;
    // IMMEDIATE takes the write lock first, so two workers cannot both see room for one more.
    if (auto begun = db_.exec("BEGIN IMMEDIATE"); !begun) return begun.failure();
    auto finish = [this](bool commit) { return db_.exec(commit ? "COMMIT" : "ROLLBACK"); };
    auto counted = count(bucket, window, now);
    if (!counted) {
        (void)finish(false);
        return counted.failure();
    }
    const bool allowed = *counted < max_attempts;
    if (allowed) {
        if (auto inserted = record(bucket, now); !inserted) {
            (void)finish(false);
            return inserted.failure();
        }
    }
    if (auto committed = finish(true); !committed) {
        (void)finish(false);
        return committed.failure();
    }
    return allowed;
}

Result<int, DbError> SqliteThrottle::count(std::string_view bucket, std::int64_t window, std::int64_t now) {
    auto row = count_->reset().bind(1, bucket).bind(2, now - window).step();
    if (!row) return row.failure();
    if (!*row) return fail(DbError::failed, "count returned no row");
    const int counted = static_cast<int>(count_->column_int(0));
    count_->reset();
    return counted;
}

Result<Done, DbError> SqliteThrottle::record(std::string_view bucket, std::int64_t now) {
    return insert_->reset().bind(1, bucket).bind(2, now).run();
}

Result<Done, DbError> SqliteThrottle::clear(std::string_view bucket) {
    return clear_->reset().bind(1, bucket).run();
}

Result<Done, DbError> SqliteThrottle::prune(std::int64_t max_window, std::int64_t now) {
    return prune_->reset().bind(1, now - max_window).run();
}

}  // namespace pwreset

// The pwreset_throttle table: one row per counted attempt, pruned as it ages.
#include "throttle.h"

namespace pwreset {

Result<std::unique_ptr<Throttle>, DbError> Throttle::open(Database& db) {
    std::unique_ptr<Throttle> throttle(new Throttle(db));
    auto count = db.prepare("SELECT count(*) FROM pwreset_throttle WHERE bucket = ?1 AND at > ?2");
    auto insert = db.prepare("INSERT INTO pwreset_throttle (bucket, at) VALUES (?1, ?2)");
    auto prune = db.prepare("DELETE FROM pwreset_throttle WHERE at <= ?1");
    if (!count) return count.failure();
    if (!insert) return insert.failure();
    if (!prune) return prune.failure();
    throttle->count_ = std::move(*count);
    throttle->insert_ = std::move(*insert);
    throttle->prune_ = std::move(*prune);
    return throttle;
}

Result<bool, DbError> Throttle::allow(std::string_view bucket, int max_attempts, std::int64_t window,
                                      std::int64_t now) {
    if (max_attempts <= 0 || window <= 0) return true;
    // IMMEDIATE takes the write lock first, so two workers cannot both see room for one more.
    if (auto begun = db_.exec("BEGIN IMMEDIATE"); !begun) return begun.failure();
    auto finish = [this](bool commit) { return db_.exec(commit ? "COMMIT" : "ROLLBACK"); };
    auto row = count_->reset().bind(1, bucket).bind(2, now - window).step();
    if (!row || !*row) {
        (void)finish(false);
        if (!row) return row.failure();
        return fail(DbError::failed, "count returned no row");
    }
    const bool allowed = count_->column_int(0) < max_attempts;
    count_->reset();
    if (allowed) {
        if (auto inserted = insert_->reset().bind(1, bucket).bind(2, now).run(); !inserted) {
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

Result<Done, DbError> Throttle::prune(std::int64_t max_window, std::int64_t now) {
    return prune_->reset().bind(1, now - max_window).run();
}

}  // namespace pwreset

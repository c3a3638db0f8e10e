// The pwreset_throttle table on PostgreSQL: one row per counted attempt, pruned as it ages.
#include "pg_throttle.h"

#include <string>

namespace pwreset {
namespace {

constexpr const char* kCount = "SELECT count(*) FROM pwreset_throttle WHERE bucket = $1 AND at > $2";
constexpr const char* kInsert = "INSERT INTO pwreset_throttle (bucket, at) VALUES ($1, $2)";

Result<Done, DbError> done(const Result<PgRows, DbError>& rows) {
    if (!rows) return rows.failure();
    return Done{};
}

}  // namespace

Result<bool, DbError> PgThrottle::allow(std::string_view bucket, int max_attempts, std::int64_t window,
                                        std::int64_t now) {
    if (max_attempts <= 0 || window <= 0) return true;
    const std::string since = std::to_string(now - window);
    const std::string at = std::to_string(now);
    // The transaction-scoped lock on the bucket's hash makes every server wait its turn for
    // that bucket, so two cannot both see room for one more; other buckets do not wait.
    return db_.transaction([&]() -> Result<bool, DbError> {
        if (auto locked = db_.run("SELECT pg_advisory_xact_lock(hashtext($1))", {bucket}); !locked) {
            return locked.failure();
        }
        auto counted = db_.run(kCount, {bucket, since});
        if (!counted) return counted.failure();
        if (counted->integer(0, 0) >= max_attempts) return false;
        if (auto inserted = db_.run(kInsert, {bucket, at}); !inserted) return inserted.failure();
        return true;
    });
}

Result<int, DbError> PgThrottle::count(std::string_view bucket, std::int64_t window, std::int64_t now) {
    auto counted = db_.query(kCount, {bucket, std::to_string(now - window)});
    if (!counted) return counted.failure();
    return static_cast<int>(counted->integer(0, 0));
}

Result<Done, DbError> PgThrottle::record(std::string_view bucket, std::int64_t now) {
    return done(db_.query(kInsert, {bucket, std::to_string(now)}));
}

Result<Done, DbError> PgThrottle::clear(std::string_view bucket) {
    return done(db_.query("DELETE FROM pwreset_throttle WHERE bucket = $1", {bucket}));
}

Result<Done, DbError> PgThrottle::prune(std::int64_t max_window, std::int64_t now) {
    return done(db_.query("DELETE FROM pwreset_throttle WHERE at <= $1", {std::to_string(now - max_window)}));
}

}  // namespace pwreset

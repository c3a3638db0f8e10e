// Throttle on PostgreSQL: the pwreset_throttle table, each bucket counted under its own lock.
#pragma once

#include <memory>

#include "pg_connection.h"
#include "throttle.h"

namespace pwreset {

class PgThrottle final : public Throttle {
public:
    explicit PgThrottle(PgConnection& db) : db_(db) {}

    Result<bool, DbError> allow(std::string_view bucket, int max_attempts, std::int64_t window,
                                std::int64_t now) override;
    Result<int, DbError> count(std::string_view bucket, std::int64_t window, std::int64_t now) override;
    Result<Done, DbError> record(std::string_view bucket, std::int64_t now) override;
    Result<Done, DbError> clear(std::string_view bucket) override;
    Result<Done, DbError> prune(std::int64_t max_window, std::int64_t now) override;

private:
    PgConnection& db_;
};

}  // namespace pwreset

// Throttle on SQLite: the pwreset_throttle table, counted under the database write lock.
#pragma once

#include <memory>

#include "database.h"
#include "throttle.h"

namespace pwreset {

class SqliteThrottle final : public Throttle {
public:
    static Result<std::unique_ptr<Throttle>, DbError> open(Database& db);

    Result<bool, DbError> allow(std::string_view bucket, int max_attempts, std::int64_t window,
                                std::int64_t now) override;
    Result<int, DbError> count(std::string_view bucket, std::int64_t window, std::int64_t now) override;
    Result<Done, DbError> record(std::string_view bucket, std::int64_t now) override;
    Result<Done, DbError> clear(std::string_view bucket) override;
    Result<Done, DbError> prune(std::int64_t max_window, std::int64_t now) override;

private:
    explicit SqliteThrottle(Database& db) : db_(db) {}
    Database& db_;
    std::unique_ptr<Statement> count_, insert_, clear_, prune_;
};

}  // namespace pwreset

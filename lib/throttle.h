// Rate limits kept in SQLite, so they survive restarts and bind every worker process.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "database.h"
#include "result.h"

namespace pwreset {

class Throttle {
public:
    static Result<std::unique_ptr<Throttle>, DbError> open(Database& db);

    // Counts an attempt in bucket and says whether it is within max_attempts per window
    // seconds. A refused attempt is not recorded, so waiting always helps. max_attempts 0
    // or window 0 means no limit, and then nothing is recorded. Check and record happen in
    // one transaction across processes.
    Result<bool, DbError> allow(std::string_view bucket, int max_attempts, std::int64_t window,
                                std::int64_t now);

    // Deletes attempts older than max_window seconds.
    Result<Done, DbError> prune(std::int64_t max_window, std::int64_t now);

private:
    explicit Throttle(Database& db) : db_(db) {}
    Database& db_;
    std::unique_ptr<Statement> count_, insert_, prune_;
};

}  // namespace pwreset

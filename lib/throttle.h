// Rate limits kept in SQLite, so they survive restarts and bind every worker process.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
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

    // How many attempts bucket holds from the last window seconds, without recording one.
    Result<int, DbError> count(std::string_view bucket, std::int64_t window, std::int64_t now);
    // Records one attempt at now.
    Result<Done, DbError> record(std::string_view bucket, std::int64_t now);
    // Forgets every attempt in bucket.
    Result<Done, DbError> clear(std::string_view bucket);

    // Deletes attempts older than max_window seconds.
    Result<Done, DbError> prune(std::int64_t max_window, std::int64_t now);

private:
    explicit Throttle(Database& db) : db_(db) {}
    Database& db_;
    std::unique_ptr<Statement> count_, insert_, clear_, prune_;
};

// The bucket of a client address (REMOTE_ADDR): "ip:192.0.2.1" for IPv4, also when written
// as IPv4-mapped IPv6 (::ffff:192.0.2.1); "ip6:2001:db8:1:2::/64" for other IPv6, since one
// IPv6 client usually holds a whole /64. Text that is no address stays as it is: "ip:<text>".
std::string client_bucket(std::string_view remote_addr);

// "email:" and the address with ASCII letters lowered, as addresses are matched.
std::string email_bucket(std::string_view email);

}  // namespace pwreset

// Rate limits kept in the database, so they survive restarts and bind every worker process.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "database.h"  // DbError
#include "result.h"

namespace pwreset {

// One per process, opened by open_storage for the configured engine.
class Throttle {
public:
    virtual ~Throttle() = default;

    // Counts an attempt in bucket and says whether it is within max_attempts per window
    // seconds. A refused attempt is not recorded, so waiting always helps. max_attempts 0
    // or window 0 means no limit, and then nothing is recorded. Check and record happen in
    // one transaction across processes.
    virtual Result<bool, DbError> allow(std::string_view bucket, int max_attempts, std::int64_t window,
                                        std::int64_t now) = 0;

    // How many attempts bucket holds from the last window seconds, without recording one.
    virtual Result<int, DbError> count(std::string_view bucket, std::int64_t window, std::int64_t now) = 0;
    // Records one attempt at now.
    virtual Result<Done, DbError> record(std::string_view bucket, std::int64_t now) = 0;
    // Forgets every attempt in bucket.
    virtual Result<Done, DbError> clear(std::string_view bucket) = 0;

    // Deletes attempts older than max_window seconds.
    virtual Result<Done, DbError> prune(std::int64_t max_window, std::int64_t now) = 0;
};

// The bucket of a client address (REMOTE_ADDR): "ip:192.0.2.1" for IPv4, also when written
// as IPv4-mapped IPv6 (::ffff:192.0.2.1); "ip6:2001:db8:1:2::/64" for other IPv6, since one
// IPv6 client usually holds a whole /64. Text that is no address stays as it is: "ip:<text>".
std::string client_bucket(std::string_view remote_addr);

// "email:" and the address with ASCII letters lowered, as addresses are matched.
std::string email_bucket(std::string_view email);

}  // namespace pwreset

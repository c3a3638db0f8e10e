// The pwreset_throttle table: one row per counted attempt, pruned as it ages.
#include "throttle.h"

#include <arpa/inet.h>

#include <cstring>

#include "text.h"

namespace pwreset {

Result<std::unique_ptr<Throttle>, DbError> Throttle::open(Database& db) {
    std::unique_ptr<Throttle> throttle(new Throttle(db));
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
    return throttle;
}

Result<bool, DbError> Throttle::allow(std::string_view bucket, int max_attempts, std::int64_t window,
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

Result<int, DbError> Throttle::count(std::string_view bucket, std::int64_t window, std::int64_t now) {
    auto row = count_->reset().bind(1, bucket).bind(2, now - window).step();
    if (!row) return row.failure();
    if (!*row) return fail(DbError::failed, "count returned no row");
    const int counted = static_cast<int>(count_->column_int(0));
    count_->reset();
    return counted;
}

Result<Done, DbError> Throttle::record(std::string_view bucket, std::int64_t now) {
    return insert_->reset().bind(1, bucket).bind(2, now).run();
}

Result<Done, DbError> Throttle::clear(std::string_view bucket) {
    return clear_->reset().bind(1, bucket).run();
}

Result<Done, DbError> Throttle::prune(std::int64_t max_window, std::int64_t now) {
    return prune_->reset().bind(1, now - max_window).run();
}

std::string client_bucket(std::string_view remote_addr) {
    const std::string text(remote_addr);
    in_addr v4{};
    in6_addr v6{};
    char out[INET6_ADDRSTRLEN];
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
        return std::string("ip:") + inet_ntop(AF_INET, &v4, out, sizeof out);
    }
    if (inet_pton(AF_INET6, text.c_str(), &v6) != 1) return "ip:" + text;
    if (IN6_IS_ADDR_V4MAPPED(&v6)) {
        std::memcpy(&v4, v6.s6_addr + 12, sizeof v4);
        return std::string("ip:") + inet_ntop(AF_INET, &v4, out, sizeof out);
    }
    std::memset(v6.s6_addr + 8, 0, 8);
    return std::string("ip6:") + inet_ntop(AF_INET6, &v6, out, sizeof out) + "/64";
}

std::string email_bucket(std::string_view email) {
    return "email:" + lower_ascii(email);
}

}  // namespace pwreset

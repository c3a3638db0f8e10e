// The pwreset_spent_token table in SQLite: digests of used fingerprint-less tokens.
#include "sqlite_spent_tokens.h"

namespace pwreset {

Result<std::unique_ptr<SpentTokens>, DbError> SqliteSpentTokens::open(Database& db) {
    std::unique_ptr<SqliteSpentTokens> store(new SqliteSpentTokens);
    auto find = db.prepare("SELECT 1 FROM pwreset_spent_token WHERE digest = ?1");
    auto insert =
        db.prepare("INSERT OR IGNORE INTO pwreset_spent_token (digest, expires_at) VALUES (?1, ?2)");
    auto prune = db.prepare("DELETE FROM pwreset_spent_token WHERE expires_at < ?1");
    if (!find) return find.failure();
    if (!insert) return insert.failure();
    if (!prune) return prune.failure();
    store->find_ = std::move(*find);
    store->insert_ = std::move(*insert);
    store->prune_ = std::move(*prune);
    return std::unique_ptr<SpentTokens>(std::move(store));
}

Result<bool, DbError> SqliteSpentTokens::is_spent(std::string_view token) {
    return find_->reset().bind(1, spent_token_digest(token)).step();
}

Result<Done, DbError> SqliteSpentTokens::spend(std::string_view token, std::int64_t expires_at,
                                               std::int64_t now) {
    if (auto pruned = prune_->reset().bind(1, now).run(); !pruned) return pruned;
    return insert_->reset().bind(1, spent_token_digest(token)).bind(2, expires_at).run();
}

}  // namespace pwreset

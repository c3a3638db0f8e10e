// The pwreset_spent_token table: digests of used fingerprint-less tokens.
#include "spent_tokens.h"

#include <openssl/sha.h>

#include "crypto.h"

namespace pwreset {
namespace {

// Only a digest is stored, so the table never holds a usable token.
std::string digest(std::string_view token) {
    unsigned char out[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), out);
    return to_hex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

}  // namespace

Result<std::unique_ptr<SpentTokens>, DbError> SpentTokens::open(Database& db) {
    std::unique_ptr<SpentTokens> store(new SpentTokens);
    auto find = db.prepare("SELECT 1 FROM pwreset_spent_token WHERE digest = ?1");
    auto insert = db.prepare("INSERT OR IGNORE INTO pwreset_spent_token (digest, expires_at) VALUES (?1, ?2)");
    auto prune = db.prepare("DELETE FROM pwreset_spent_token WHERE expires_at < ?1");
    if (!find) return find.failure();
    if (!insert) return insert.failure();
    if (!prune) return prune.failure();
    store->find_ = std::move(*find);
    store->insert_ = std::move(*insert);
    store->prune_ = std::move(*prune);
    return store;
}

Result<bool, DbError> SpentTokens::is_spent(std::string_view token) {
    return find_->reset().bind(1, digest(token)).step();
}

Result<Done, DbError> SpentTokens::spend(std::string_view token, std::int64_t expires_at,
                                         std::int64_t now) {
    if (auto pruned = prune_->reset().bind(1, now).run(); !pruned) return pruned;
    return insert_->reset().bind(1, digest(token)).bind(2, expires_at).run();
}

}  // namespace pwreset

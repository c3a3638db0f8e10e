// HMAC and constant-time comparison from OpenSSL's libcrypto, randomness from the kernel.
#include "crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <pthread.h>
#include <sys/random.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "log.h"

namespace pwreset {

namespace {

// The library serves every program, so the line takes the process's own name.
[[noreturn]] void hmac_failed() {
    log_line(program_invocation_short_name, "HMAC failed in libcrypto");
    std::abort();
}

// OpenSSL 3's one-shot HMAC() looks the algorithm up by name and derives the key pads on
// every call, which costs several times the hashing of our short messages. A process only
// ever uses a few keys (its secrets), so a keyed context is kept for each recent
// (digest, key) pair and only reset per message.
class KeyedMacs {
public:
    KeyedMacs() : mac_(EVP_MAC_fetch(nullptr, "HMAC", nullptr)) {
        if (mac_ == nullptr) hmac_failed();
    }
    KeyedMacs(const KeyedMacs&) = delete;
    KeyedMacs& operator=(const KeyedMacs&) = delete;
    ~KeyedMacs() {
        for (auto& entry : entries_) forget(entry);
        EVP_MAC_free(mac_);
    }

    // A context keyed with key, ready for its first update.
    EVP_MAC_CTX* ready(const char* digest, std::string_view key) {
        for (auto& entry : entries_) {
            if (std::string_view(entry.digest) == digest && entry.key == key) {
                if (EVP_MAC_init(entry.context, nullptr, 0, nullptr) != 1) hmac_failed();
                return entry.context;
            }
        }
        Entry& entry = slot();
        entry.digest = digest;
        entry.key.assign(key);
        entry.context = EVP_MAC_CTX_new(mac_);
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
            OSSL_PARAM_construct_end()};
        // An empty key still needs a pointer, or OpenSSL would keep a previous key.
        static const unsigned char empty = 0;
        const auto* key_bytes = key.empty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
        if (entry.context == nullptr || EVP_MAC_init(entry.context, key_bytes, key.size(), params) != 1) {
            hmac_failed();
        }
        return entry.context;
    }

private:
    struct Entry {
        const char* digest = nullptr;
        std::string key;
        EVP_MAC_CTX* context = nullptr;
    };
    static constexpr std::size_t kEntries = 8;

    // A free slot, or the oldest one emptied for reuse.
    Entry& slot() {
        if (entries_.size() < kEntries) return entries_.emplace_back();
        Entry& entry = entries_[next_];
        next_ = (next_ + 1) % kEntries;
        forget(entry);
        return entry;
    }

    static void forget(Entry& entry) {
        EVP_MAC_CTX_free(entry.context);
        entry.context = nullptr;
        OPENSSL_cleanse(entry.key.data(), entry.key.size());
    }

    EVP_MAC* mac_;
    std::vector<Entry> entries_;
    std::size_t next_ = 0;
};

std::string hmac(const char* digest, std::string_view key, std::string_view message) {
    thread_local KeyedMacs macs;
    EVP_MAC_CTX* context = macs.ready(digest, key);
    unsigned char out[EVP_MAX_MD_SIZE];
    std::size_t length = 0;
    const char* text = message.empty() ? "" : message.data();
    if (EVP_MAC_update(context, reinterpret_cast<const unsigned char*>(text), message.size()) != 1 ||
        EVP_MAC_final(context, out, &length, sizeof out) != 1) {
        hmac_failed();
    }
    return std::string(reinterpret_cast<const char*>(out), length);
}

// The kernel's generator (what OpenSSL seeds from), read directly: OpenSSL's own generator
// costs about 2 ms of set-up on first use in each process, most of a plain CGI request.
void draw_random(unsigned char* out, std::size_t count) {
    while (count > 0) {
        const ssize_t got = getrandom(out, count, 0);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            log_line(program_invocation_short_name, "the kernel random generator failed");
            std::abort();
        }
        out += got;
        count -= static_cast<std::size_t>(got);
    }
}

// A system call costs about as much for 16 bytes as for 256 and a page wants 16 for a CSRF
// nonce, so bytes are drawn a block at a time and each handed out once. A forked child
// throws away what its parent drew, so parent and child never hand out the same bytes.
class RandomPool {
public:
    static constexpr std::size_t kBlockBytes = 256;

    // The calling thread's pool.
    static RandomPool& mine() {
        static const bool registered = pthread_atfork(nullptr, nullptr, forget_in_child) == 0;
        (void)registered;
        thread_local RandomPool pool;
        return pool;
    }

    RandomPool() = default;
    RandomPool(const RandomPool&) = delete;
    RandomPool& operator=(const RandomPool&) = delete;
    ~RandomPool() { OPENSSL_cleanse(block_, sizeof block_); }

    void take(unsigned char* out, std::size_t count) {
        if (count > left_) {
            draw_random(block_, sizeof block_);
            left_ = sizeof block_;
        }
        unsigned char* from = block_ + (sizeof block_ - left_);
        std::memcpy(out, from, count);
        OPENSSL_cleanse(from, count);
        left_ -= count;
    }

private:
    // The child's only thread is the one that forked, so its pool is the one to empty.
    static void forget_in_child() { mine().left_ = 0; }

    unsigned char block_[kBlockBytes];
    std::size_t left_ = 0;
};

}  // namespace

void init_crypto() {
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS |
                            OPENSSL_INIT_NO_ADD_ALL_CIPHERS | OPENSSL_INIT_NO_ADD_ALL_DIGESTS,
                        nullptr);
}

std::string hmac_sha512(std::string_view key, std::string_view message) {
    return hmac("SHA512", key, message);
}

std::string hmac_sha256(std::string_view key, std::string_view message) {
    return hmac("SHA256", key, message);
}

std::string hmac_sha1(std::string_view key, std::string_view message) { return hmac("SHA1", key, message); }

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_bytes(std::size_t count) {
    std::string out(count, '\0');
    auto* cursor = reinterpret_cast<unsigned char*>(out.data());
    if (count <= RandomPool::kBlockBytes) {
        RandomPool::mine().take(cursor, count);
    } else {
        draw_random(cursor, count);
    }
    return out;
}

}  // namespace pwreset

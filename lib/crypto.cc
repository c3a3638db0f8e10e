// HMAC, SHA-256 and constant-time comparison from Nettle, randomness from the kernel.
#include "crypto.h"

#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <sys/random.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "log.h"

namespace pwreset {

namespace {

// text's bytes for Nettle, never null: an empty view may carry a null pointer, and Nettle
// passes the pointer on to memcpy.
const std::uint8_t* bytes(std::string_view text) {
    static const std::uint8_t none = 0;
    return text.empty() ? &none : reinterpret_cast<const std::uint8_t*>(text.data());
}

// Nettle's HMAC context for one hash, keyed once per key: setting a key hashes both of its
// padded blocks, which costs more than MACing one of our short messages, and a process
// signs with the same few secrets again and again. Nettle's digest leaves the context
// keyed for the next message, so each recent key keeps its context.
template <typename Context, void (*SetKey)(Context*, std::size_t, const std::uint8_t*),
          void (*Update)(Context*, std::size_t, const std::uint8_t*),
          void (*Digest)(Context*, std::size_t, std::uint8_t*), std::size_t kSize>
class KeyedMacs {
public:
    static std::string mac(std::string_view key, std::string_view message) {
        thread_local KeyedMacs macs;
        Context& context = macs.keyed(key);
        Update(&context, message.size(), bytes(message));
        std::uint8_t out[kSize];
        Digest(&context, sizeof out, out);
        return std::string(reinterpret_cast<const char*>(out), sizeof out);
    }

private:
    struct Entry {
        std::string key;
        Context context;
    };
    static constexpr std::size_t kEntries = 8;

    // Room for every entry up front, so no keyed context is left behind in a moved-from buffer.
    KeyedMacs() { entries_.reserve(kEntries); }
    KeyedMacs(const KeyedMacs&) = delete;
    KeyedMacs& operator=(const KeyedMacs&) = delete;
    ~KeyedMacs() {
        for (auto& entry : entries_) forget(entry);
    }

    Context& keyed(std::string_view key) {
        for (auto& entry : entries_) {
            if (entry.key == key) return entry.context;
        }
        // Copied before a slot is emptied: a copy that fails leaves every entry as it was.
        std::string copy(key);
        Entry& entry = slot();
        entry.key.swap(copy);
        SetKey(&entry.context, key.size(), bytes(key));
        return entry.context;
    }

    // A free slot, or the oldest one emptied for reuse.
    Entry& slot() {
        if (entries_.size() < kEntries) return entries_.emplace_back();
        Entry& entry = entries_[next_];
        next_ = (next_ + 1) % kEntries;
        forget(entry);
        return entry;
    }

    static void forget(Entry& entry) {
        explicit_bzero(entry.key.data(), entry.key.size());
        entry.key.clear();
        explicit_bzero(&entry.context, sizeof entry.context);
    }

    std::vector<Entry> entries_;
    std::size_t next_ = 0;
};

using HmacSha1 =
    KeyedMacs<hmac_sha1_ctx, hmac_sha1_set_key, hmac_sha1_update, hmac_sha1_digest, SHA1_DIGEST_SIZE>;
using HmacSha256 = KeyedMacs<hmac_sha256_ctx, hmac_sha256_set_key, hmac_sha256_update, hmac_sha256_digest,
                             SHA256_DIGEST_SIZE>;
using HmacSha512 = KeyedMacs<hmac_sha512_ctx, hmac_sha512_set_key, hmac_sha512_update, hmac_sha512_digest,
                             SHA512_DIGEST_SIZE>;

// The kernel's generator, read directly: a user-space generator seeded from it (OpenSSL's
// cost about 2 ms of set-up on first use in each process) adds nothing for our few bytes.
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
    ~RandomPool() { explicit_bzero(block_, sizeof block_); }

    void take(unsigned char* out, std::size_t count) {
        if (count > left_) {
            draw_random(block_, sizeof block_);
            left_ = sizeof block_;
        }
        unsigned char* from = block_ + (sizeof block_ - left_);
        std::memcpy(out, from, count);
        explicit_bzero(from, count);
        left_ -= count;
    }

private:
    // The child's only thread is the one that forked, so its pool is the one to empty.
    static void forget_in_child() { mine().left_ = 0; }

    unsigned char block_[kBlockBytes];
    std::size_t left_ = 0;
};

}  // namespace

std::string hmac_sha512(std::string_view key, std::string_view message) {
    return HmacSha512::mac(key, message);
}

std::string hmac_sha256(std::string_view key, std::string_view message) {
    return HmacSha256::mac(key, message);
}

std::string hmac_sha1(std::string_view key, std::string_view message) { return HmacSha1::mac(key, message); }

std::string sha256(std::string_view message) {
    sha256_ctx context;
    std::uint8_t out[SHA256_DIGEST_SIZE];
    sha256_init(&context);
    sha256_update(&context, message.size(), bytes(message));
    sha256_digest(&context, sizeof out, out);
    // The context keeps the message's last block, and the messages hashed here are tokens.
    explicit_bzero(&context, sizeof context);
    return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return memeql_sec(a.data(), b.data(), a.size()) != 0;
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

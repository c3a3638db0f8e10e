// HMAC and SHA-256 over OpenSSL's SHA functions, constant-time comparison, kernel randomness.
#include "crypto.h"

// SHA1_Init and its kin are deprecated since 3.0; the comment above Sha says why they are used.
#define OPENSSL_API_COMPAT 10101
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <pthread.h>
#include <sys/random.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "log.h"

namespace pwreset {

namespace {

// One of OpenSSL's SHA functions, and HMAC (RFC 2104) built on it. OpenSSL 3's EVP_MAC and
// EVP_Digest reach the same code through its provider machinery (algorithm fetch, name
// map, parameters): a program that makes the three MACs through EVP maps 1,400 KiB of
// libcrypto's code, and 380 KiB through these functions, and each FastCGI worker builds
// the provider's tables in its own memory. Deprecated since OpenSSL 3.0 (hence the compat
// level above) but kept by it; crypto_test.cc checks them against RFC 2202, RFC 4231,
// FIPS 180 and Python's hmac.
template <typename Context, int (*Init)(Context*), int (*Update)(Context*, const void*, std::size_t),
          int (*Final)(unsigned char*, Context*), std::size_t kBlock, std::size_t kSize>
class Sha {
public:
    static std::string hash(std::string_view message) {
        unsigned char out[kSize];
        digest(message, out);
        return std::string(reinterpret_cast<const char*>(out), sizeof out);
    }

    static std::string mac(std::string_view key, std::string_view message) {
        thread_local KeyedPads cache;
        const Pads& pads = cache.pads_for(key);
        unsigned char inner[kSize];
        unsigned char out[kSize];
        Context context = pads.inner;
        Update(&context, message.data(), message.size());
        Final(inner, &context);
        context = pads.outer;
        Update(&context, inner, sizeof inner);
        Final(out, &context);
        OPENSSL_cleanse(&context, sizeof context);
        OPENSSL_cleanse(inner, sizeof inner);
        return std::string(reinterpret_cast<const char*>(out), sizeof out);
    }

private:
    static void digest(std::string_view message, unsigned char* out) {
        Context context;
        Init(&context);
        Update(&context, message.data(), message.size());
        Final(out, &context);
        OPENSSL_cleanse(&context, sizeof context);
    }

    // The hash state after a key's inner and outer pad: a message then costs only its own
    // blocks and one more, and a process signs with the same few secrets again and again.
    struct Pads {
        std::string key;
        Context inner;
        Context outer;
    };

    // The pads of the last few keys used.
    class KeyedPads {
    public:
        // Room for every entry up front, so no pads are left behind in a moved-from buffer.
        KeyedPads() { entries_.reserve(kEntries); }
        KeyedPads(const KeyedPads&) = delete;
        KeyedPads& operator=(const KeyedPads&) = delete;
        ~KeyedPads() {
            for (auto& pads : entries_) forget(pads);
        }

        const Pads& pads_for(std::string_view key) {
            for (const auto& pads : entries_) {
                if (pads.key == key) return pads;
            }
            Pads& pads = slot();
            pads.key.assign(key);
            // A key longer than a block is hashed first; a shorter one is padded with zeros.
            unsigned char block[kBlock] = {};
            if (key.size() > kBlock) {
                digest(key, block);
            } else {
                std::memcpy(block, key.data(), key.size());
            }
            pads.inner = absorbed(block, 0x36);
            pads.outer = absorbed(block, 0x5c);
            OPENSSL_cleanse(block, sizeof block);
            return pads;
        }

    private:
        static constexpr std::size_t kEntries = 8;

        // The hash state after one block of the key XORed with pad.
        static Context absorbed(const unsigned char* block, unsigned char pad) {
            unsigned char xored[kBlock];
            for (std::size_t i = 0; i < kBlock; ++i) xored[i] = block[i] ^ pad;
            Context context;
            Init(&context);
            Update(&context, xored, sizeof xored);
            OPENSSL_cleanse(xored, sizeof xored);
            return context;
        }

        // A free slot, or the oldest one emptied for reuse.
        Pads& slot() {
            if (entries_.size() < kEntries) return entries_.emplace_back();
            Pads& pads = entries_[next_];
            next_ = (next_ + 1) % kEntries;
            forget(pads);
            return pads;
        }

        static void forget(Pads& pads) {
            OPENSSL_cleanse(pads.key.data(), pads.key.size());
            OPENSSL_cleanse(&pads.inner, sizeof pads.inner);
            OPENSSL_cleanse(&pads.outer, sizeof pads.outer);
        }

        std::vector<Pads> entries_;
        std::size_t next_ = 0;
    };
};

using Sha1 = Sha<SHA_CTX, SHA1_Init, SHA1_Update, SHA1_Final, SHA_CBLOCK, SHA_DIGEST_LENGTH>;
using Sha256 = Sha<SHA256_CTX, SHA256_Init, SHA256_Update, SHA256_Final, SHA256_CBLOCK, SHA256_DIGEST_LENGTH>;
using Sha512 = Sha<SHA512_CTX, SHA512_Init, SHA512_Update, SHA512_Final, SHA512_CBLOCK, SHA512_DIGEST_LENGTH>;

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

std::string hmac_sha512(std::string_view key, std::string_view message) { return Sha512::mac(key, message); }

std::string hmac_sha256(std::string_view key, std::string_view message) { return Sha256::mac(key, message); }

std::string hmac_sha1(std::string_view key, std::string_view message) { return Sha1::mac(key, message); }

std::string sha256(std::string_view message) { return Sha256::hash(message); }

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

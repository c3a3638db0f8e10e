// HMAC, constant-time comparison, randomness and hex on top of OpenSSL's libcrypto.
#include "crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

namespace pwreset {

namespace {

std::string hmac(const EVP_MD* digest, std::string_view key, std::string_view message) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    // An empty string_view may carry a null pointer, which OpenSSL takes as "no key".
    static const unsigned char empty = 0;
    const void* key_bytes = key.empty() ? &empty : static_cast<const void*>(key.data());
    const char* text = message.empty() ? "" : message.data();
    const auto* data = reinterpret_cast<const unsigned char*>(text);
    if (HMAC(digest, key_bytes, static_cast<int>(key.size()), data, message.size(), out,
             &length) == nullptr) {
        std::fputs("pwreset: HMAC failed in libcrypto\n", stderr);
        std::abort();
    }
    return std::string(reinterpret_cast<const char*>(out), length);
}

}  // namespace

std::string hmac_sha512(std::string_view key, std::string_view message) {
    return hmac(EVP_sha512(), key, message);
}

std::string hmac_sha256(std::string_view key, std::string_view message) {
    return hmac(EVP_sha256(), key, message);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_bytes(std::size_t count) {
    std::string out(count, '\0');
    auto* cursor = reinterpret_cast<unsigned char*>(out.data());
    // RAND_bytes takes an int length, so very large requests go in slices.
    constexpr std::size_t slice = 1 << 20;
    for (std::size_t done = 0; done < count; done += slice) {
        const std::size_t n = count - done < slice ? count - done : slice;
        if (RAND_bytes(cursor + done, static_cast<int>(n)) != 1) {
            std::fputs("pwreset: the OpenSSL random generator failed\n", stderr);
            std::abort();
        }
    }
    return out;
}

std::string to_hex(std::string_view bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 0x0f];
    }
    return out;
}

}  // namespace pwreset

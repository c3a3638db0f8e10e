// Cryptographic primitives from OpenSSL: HMAC, constant-time comparison, random bytes, hex.
#pragma once

#include <string>
#include <string_view>

namespace pwreset {

// Raw 64-byte HMAC-SHA512 of message under key (key used as raw bytes, no derivation).
std::string hmac_sha512(std::string_view key, std::string_view message);

// Raw 32-byte HMAC-SHA256 of message under key.
std::string hmac_sha256(std::string_view key, std::string_view message);

// True when a and b have equal length and bytes; time depends only on the lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

// count bytes from the OpenSSL CSPRNG; aborts the process if the RNG fails, since nothing
// secure can be done without it.
std::string random_bytes(std::size_t count);

// Lower-case hexadecimal of raw bytes.
std::string to_hex(std::string_view bytes);

}  // namespace pwreset

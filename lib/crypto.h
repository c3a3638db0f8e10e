// Cryptographic primitives: HMAC and SHA-256, constant-time comparison (Nettle), random bytes.
#pragma once

#include <string>
#include <string_view>

// to_hex, which prints most of what these functions return.
#include "text.h"

namespace pwreset {

// Raw 64-byte HMAC-SHA512 of message under key (key used as raw bytes, no derivation).
std::string hmac_sha512(std::string_view key, std::string_view message);

// Raw 32-byte HMAC-SHA256 of message under key.
std::string hmac_sha256(std::string_view key, std::string_view message);

// Raw 20-byte HMAC-SHA1 of message under key: only for Flask's session cookie, which is
// signed with it.
std::string hmac_sha1(std::string_view key, std::string_view message);

// Raw 32-byte SHA-256 of message.
std::string sha256(std::string_view message);

// True when a and b have equal length and bytes; time depends only on the lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

// count bytes from the kernel's CSPRNG (getrandom); aborts the process if it fails, since
// nothing secure can be done without it.
std::string random_bytes(std::size_t count);

}  // namespace pwreset

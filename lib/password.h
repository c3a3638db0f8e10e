// bcrypt password hashes through libxcrypt, readable by Flask-Bcrypt and Python's bcrypt.
#pragma once

#include <string>
#include <string_view>

#include "result.h"

namespace pwreset {

// bcrypt reads at most this many bytes of a password; longer new ones are refused, not cut.
constexpr std::size_t kBcryptMaxPasswordBytes = 72;

enum class PasswordError {
    too_long,        // over kBcryptMaxPasswordBytes
    contains_nul,    // crypt() would stop at the NUL
    bad_cost,        // outside 4..31
    hashing_failed,  // libxcrypt refused (no RNG, unsupported prefix)
};

// A new "$2b$<cost>$..." hash with a fresh random salt.
Result<std::string, PasswordError> hash_password(std::string_view password, int cost);

// True when password matches a $2a$, $2b$ or $2y$ hash; compared in constant time. A
// password over 72 bytes is checked by its first 72, as the hash was made from those.
// Any other or malformed hash never matches.
bool verify_password(std::string_view password, std::string_view hash);

}  // namespace pwreset

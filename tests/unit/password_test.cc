// bcrypt: hashes from Python's bcrypt verify, ours round-trip, bad input never matches.
#define BOOST_TEST_MODULE password
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>

#include "password.h"

namespace pwreset {
// Lets a failed check print which error came back.
std::ostream& operator<<(std::ostream& out, PasswordError error) {
    return out << "PasswordError(" << static_cast<int>(error) << ")";
}
}  // namespace pwreset

using namespace pwreset;

namespace {

struct Known {
    const char* password;
    const char* hash;
};

// Made with Python's bcrypt, as Flask-Bcrypt stores them in flaskblog's user table.
const Known kFromPython[] = {
    {"password123", "$2b$12$caQRAg8J.fVat9r2KlmpdO84m8bFsPL1Wqbp70zrdPSXp5j3xVyZC"},
    {"correct horse battery staple", "$2a$12$zkOgRPXJ8pCNA3BSxYEk9uMKEly9YrTpmuIqOKDkPLZyqfXzzcnPi"},
    {"pässwörd-ünïcode-✓", "$2b$10$dPSZj/oosBIYsIk7jLaVzu0ZvskBnYHnoDYmhM0GN0YQ4YPPQ3U3i"},
};

constexpr int kFastCost = 4;

}  // namespace

BOOST_AUTO_TEST_CASE(hashes_from_python_bcrypt_verify) {
    for (const auto& known : kFromPython) {
        BOOST_TEST_CONTEXT(known.password) { BOOST_TEST(verify_password(known.password, known.hash)); }
    }
}

// Wrong passwords against a cheap hash: each differs from the right one in a way a careless
// comparison (prefix, case, truncation) could miss.
BOOST_AUTO_TEST_CASE(wrong_passwords_do_not_verify) {
    const auto hash = hash_password("password123", kFastCost);
    BOOST_TEST_REQUIRE(hash.ok());
    const char* wrong[] = {"", "password12", "password1234", "Password123", "password123 "};
    for (const char* password : wrong) {
        BOOST_TEST_CONTEXT(password) { BOOST_TEST(!verify_password(password, *hash)); }
    }
}

BOOST_AUTO_TEST_CASE(round_trip_with_b2_prefix_and_cost) {
    const auto hash = hash_password("s3cret pass", kFastCost);
    BOOST_TEST_REQUIRE(hash.ok());
    BOOST_TEST(hash->size() == 60u);
    BOOST_TEST(hash->rfind("$2b$04$", 0) == 0u);
    BOOST_TEST(verify_password("s3cret pass", *hash));
}

BOOST_AUTO_TEST_CASE(each_hash_gets_a_fresh_salt) {
    const auto first = hash_password("same password", kFastCost);
    const auto second = hash_password("same password", kFastCost);
    BOOST_TEST_REQUIRE(first.ok());
    BOOST_TEST_REQUIRE(second.ok());
    BOOST_TEST(*first != *second);
    BOOST_TEST(verify_password("same password", *second));
}

BOOST_AUTO_TEST_CASE(seventy_two_bytes_is_the_limit_for_new_passwords) {
    const std::string longest(kBcryptMaxPasswordBytes, 'x');
    const auto hash = hash_password(longest, kFastCost);
    BOOST_TEST_REQUIRE(hash.ok());
    BOOST_TEST(verify_password(longest, *hash));

    const auto too_long = hash_password(longest + "y", kFastCost);
    BOOST_TEST_REQUIRE(!too_long.ok());
    BOOST_TEST(too_long.error() == PasswordError::too_long);
}

// Python's bcrypt 3.2 (Flask-Bcrypt's) hashed this 100-byte password by its first 72 bytes:
// bcrypt.hashpw(password, bcrypt.gensalt(12)). Its owner still types all 100.
BOOST_AUTO_TEST_CASE(a_longer_password_hashed_by_python_bcrypt_verifies_by_its_first_72_bytes) {
    const std::string password =
        "a passphrase from the Flask days that runs on well past the seventy-two bytes which bcrypt "
        "ever read";
    const std::string hash = "$2b$12$qPtXRpoVQOzAmtsnGIwxVO9T/SM65D/ACc.fsho7cwunppX5rmykW";
    BOOST_TEST_REQUIRE(password.size() == 100u);
    std::string changed_early = password;
    changed_early[71] = 'X';
    struct Case {
        const char* what;
        std::string password;
        bool verifies;
    };
    const Case cases[] = {
        {"all 100 bytes", password, true},
        {"the first 72 bytes", password.substr(0, 72), true},
        {"another tail after byte 72", password.substr(0, 72) + "anything", true},
        {"byte 72 changed", changed_early, false},
        {"the first 71 bytes", password.substr(0, 71), false},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.what) { BOOST_TEST(verify_password(c.password, hash) == c.verifies); }
    }
    BOOST_TEST(hash_password(password, kFastCost).error() == PasswordError::too_long);
}

BOOST_AUTO_TEST_CASE(password_with_nul_is_refused) {
    const std::string with_nul("abc\0def", 7);
    const auto hash = hash_password(with_nul, kFastCost);
    BOOST_TEST_REQUIRE(!hash.ok());
    BOOST_TEST(hash.error() == PasswordError::contains_nul);

    // crypt() would see only "abc": the NUL form must not pass for it.
    const auto abc = hash_password("abc", kFastCost);
    BOOST_TEST_REQUIRE(abc.ok());
    BOOST_TEST(verify_password("abc", *abc));
    BOOST_TEST(!verify_password(with_nul, *abc));
}

BOOST_AUTO_TEST_CASE(cost_outside_4_to_31_is_refused) {
    for (int cost : {-1, 0, 3, 32}) {
        BOOST_TEST_CONTEXT("cost " << cost) {
            const auto hash = hash_password("password123", cost);
            BOOST_TEST_REQUIRE(!hash.ok());
            BOOST_TEST(hash.error() == PasswordError::bad_cost);
        }
    }
}

BOOST_AUTO_TEST_CASE(malformed_hashes_never_match) {
    const auto good = hash_password("password123", kFastCost);
    BOOST_TEST_REQUIRE(good.ok());
    const std::string body = good->substr(7);
    const std::string cases[] = {
        "",
        "password123",
        good->substr(0, 59),
        *good + "A",
        "$2x$04$" + body,                      // buggy-era prefix, not accepted
        "$1$04$" + body + "x",                 // MD5-crypt prefix
        "$2b$04" + std::string("!") + body,    // separator replaced
        "$2b$ab$" + body,                      // non-numeric cost
        "$2b$04$" + body.substr(0, 52) + "!",  // outside bcrypt's alphabet
        "$2b$99$" + body,                      // cost libxcrypt refuses
    };
    for (const auto& hash : cases) {
        BOOST_TEST_CONTEXT(hash) { BOOST_TEST(!verify_password("password123", hash)); }
    }
    BOOST_TEST(verify_password("password123", *good));
}

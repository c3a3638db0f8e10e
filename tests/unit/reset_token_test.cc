// Reset-link claims: what a link says, and when a link from the Flask app may still be used.
#define BOOST_TEST_MODULE reset_token
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "base64url.h"
#include "crypto.h"
#include "reset_token.h"

using namespace pwreset;

namespace {

const Keyring kKeys{"current-secret", {}};
constexpr std::int64_t kNow = 1764340000;
constexpr std::int64_t kMaxAge = 1800;
const std::string kHash = "$2b$12$caQRAg8J.fVat9r2KlmpdO84m8bFsPL1Wqbp70zrdPSXp5j3xVyZC";

// A token with this exact header, signed as itsdangerous signs: a Flask link whose exp may
// say anything.
std::string signed_with_header(const std::string& header_json, const std::string& payload_json) {
    const std::string input = base64url_encode(header_json) + "." + base64url_encode(payload_json);
    return input + "." + base64url_encode(hmac_sha512(kKeys.current, input));
}

ResetClaim legacy_claim(std::optional<std::int64_t> issued_at) {
    ResetClaim claim;
    claim.user_id = 1;
    claim.issued_at = issued_at;
    return claim;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_claim_carries_the_headers_iat) {
    const auto ours = read_reset_token(kKeys, mint_reset_token(kKeys, 7, kHash, kNow - 5, kMaxAge), kNow);
    BOOST_TEST_REQUIRE(ours.ok());
    BOOST_TEST(ours->user_id == 7);
    BOOST_TEST(ours->fingerprint.has_value());
    BOOST_TEST(ours->issued_at.value_or(0) == kNow - 5);

    const std::string flask = signed_with_header("{\"alg\":\"HS512\",\"iat\":" + std::to_string(kNow - 100) +
                                                     ",\"exp\":" + std::to_string(kNow + 999999) + "}",
                                                 "{\"user_id\":3}");
    const auto legacy = read_reset_token(kKeys, flask, kNow);
    BOOST_TEST_REQUIRE(legacy.ok());
    BOOST_TEST(!legacy->fingerprint.has_value());
    BOOST_TEST(legacy->issued_at.value_or(0) == kNow - 100);

    for (const char* iat : {"", ",\"iat\":\"1764340000\"", ",\"iat\":1.5"}) {
        BOOST_TEST_CONTEXT("iat member: " << iat) {
            const std::string odd = signed_with_header(
                std::string("{\"alg\":\"HS512\"") + iat + ",\"exp\":" + std::to_string(kNow + 60) + "}",
                "{\"user_id\":3}");
            const auto claim = read_reset_token(kKeys, odd, kNow);
            BOOST_TEST_REQUIRE(claim.ok());
            BOOST_TEST(!claim->issued_at.has_value());
        }
    }
}

// A Flask link lasts token_max_age from its iat whatever its exp says, and dies with any
// password change pwreset made at or after the second it was issued.
BOOST_AUTO_TEST_CASE(a_legacy_link_is_current_only_within_max_age_and_after_the_last_change) {
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    struct Case {
        const char* what;
        std::optional<std::int64_t> issued_at;
        std::optional<std::int64_t> changed_at;
        bool current;
    };
    const Case cases[] = {
        {"fresh, never changed", kNow - 10, std::nullopt, true},
        {"issued now", kNow, std::nullopt, true},
        {"exactly max_age old", kNow - kMaxAge, std::nullopt, true},
        {"one second past max_age", kNow - kMaxAge - 1, std::nullopt, false},
        {"a day old", kNow - 86400, std::nullopt, false},
        {"no iat", std::nullopt, std::nullopt, false},
        {"issued after the last change", kNow - 10, kNow - 11, true},
        {"issued in the second of the change", kNow - 10, kNow - 10, false},
        {"issued before the last change", kNow - 60, kNow - 10, false},
        {"changed long ago", kNow - 10, kNow - 86400, true},
        {"smallest iat", kMin, std::nullopt, false},
        {"largest iat, changed", kMax, kNow, true},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.what) {
            BOOST_TEST(legacy_link_current(legacy_claim(c.issued_at), c.changed_at, kMaxAge, kNow) ==
                       c.current);
        }
    }
}

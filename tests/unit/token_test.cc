// Unit tests for lib/token: itsdangerous 1.1.0 vectors, rotation, tampering, headers, expiry.
#define BOOST_TEST_MODULE token
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "base64url.h"
#include "crypto.h"
#include "json.h"
#include "token.h"

using namespace pwreset;

namespace {

const char kVectors[] = "tests/data/itsdangerous-tokens.json";
const std::string kSecret = "my-flask-secret-key";
constexpr std::int64_t kNow = 1764340000;

// The vectors' spelling of each outcome, so a failure prints what was expected and got.
std::string outcome(const Result<VerifiedToken, TokenError>& result) {
    if (result.ok()) return "ok";
    switch (result.error()) {
        case TokenError::malformed: return "malformed";
        case TokenError::bad_signature: return "bad_signature";
        case TokenError::bad_header: return "bad_header";
        case TokenError::bad_payload: return "bad_payload";
        case TokenError::expired: return "expired";
    }
    return "unknown";
}

std::string verify(const std::string& token, std::int64_t now, const std::string& secret = kSecret) {
    return outcome(verify_token(Keyring{secret, {}}, token, now));
}

// Signs arbitrary part texts, to reach the checks that run after the signature.
std::string sign_parts(std::string_view header_part, std::string_view payload_part,
                       const std::string& secret = kSecret) {
    const std::string input = std::string(header_part) + "." + std::string(payload_part);
    return input + "." + base64url_encode(hmac_sha512(secret, input));
}

std::string sign(std::string_view header_json, std::string_view payload_json) {
    return sign_parts(base64url_encode(header_json), base64url_encode(payload_json));
}

std::string header_with(const std::string& members) {
    return "{\"alg\":\"HS512\",\"iat\":1764340000" + members + "}";
}

std::string text_of(const Json& vector, const char* key) {
    const Json* member = vector.find(key);
    return member ? member->as_string().value_or("") : "";
}

std::int64_t int_of(const Json& vector, const char* key) {
    const Json* member = vector.find(key);
    return member ? member->as_int().value_or(-1) : -1;
}

}  // namespace

BOOST_AUTO_TEST_CASE(itsdangerous_vectors_verify_and_mint_identically) {
    std::ifstream file(kVectors, std::ios::binary);
    BOOST_TEST_REQUIRE(file.good(), "cannot open " << kVectors);
    std::ostringstream text;
    text << file.rdbuf();
    const std::optional<Json> vectors = parse_json(text.str());
    BOOST_TEST_REQUIRE(vectors.has_value());
    int cases = 0, mints = 0;
    for (const Json& v : vectors->items()) {
        BOOST_TEST_CONTEXT("vector " << text_of(v, "name")) {
            ++cases;
            const std::string expect = text_of(v, "expect");
            const auto result =
                verify_token(Keyring{text_of(v, "secret"), {}}, text_of(v, "token"), int_of(v, "now"));
            BOOST_TEST(outcome(result) == expect);
            if (expect == "ok" && result.ok()) {
                BOOST_TEST_REQUIRE(v.find("payload") != nullptr);
                BOOST_TEST(result->payload.dump() == v.find("payload")->dump());
                BOOST_TEST(result->payload_json == v.find("payload")->dump());
                BOOST_TEST(result->header.dump() == v.find("header")->dump());
                BOOST_TEST(result->expires_at == v.find("header")->find("exp")->as_int().value());
            }
            if (const Json* mint = v.find("mint")) {
                ++mints;
                const std::string token = mint_token(text_of(*mint, "secret"), text_of(*mint, "payload_json"),
                                                     int_of(*mint, "now"), int_of(*mint, "expires_in"));
                BOOST_TEST(token == text_of(v, "token"));
                const auto header = base64url_decode(token.substr(0, token.find('.')));
                BOOST_TEST(header.value_or("") == text_of(*mint, "header_json"));
            }
        }
    }
    BOOST_TEST(cases >= 15);
    BOOST_TEST(mints >= 3);
}

BOOST_AUTO_TEST_CASE(minted_tokens_round_trip) {
    const std::string secrets[] = {
        "k",
        kSecret,
        "s\xc3\xa9"
        "cret-\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87",
        std::string("nul\0inside", 10),
        std::string(200, 'x'),
        random_bytes(64),
    };
    const std::string payloads[] = {
        R"({"user_id":1})",
        R"({"user_id":123456789,"fp":"0a1b2c"})",
        "{\"name\":\"J\xc3\xa9r\xc3\xb4me\"}",
        "[]",
        R"("text")",
        "7",
        "null",
    };
    for (const auto& secret : secrets) {
        for (const auto& payload : payloads) {
            BOOST_TEST_CONTEXT("payload " << payload << ", secret of " << secret.size()) {
                const std::string token = mint_token(secret, payload, kNow, 1800);
                BOOST_TEST(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                   "abcdefghijklmnopqrstuvwxyz0123456789-_.") ==
                           std::string::npos);
                const auto result = verify_token(Keyring{secret, {}}, token, kNow + 1);
                BOOST_TEST_REQUIRE(result.ok());
                BOOST_TEST(result->payload_json == payload);
                BOOST_TEST(result->payload.dump() == payload);
                BOOST_TEST(result->expires_at == kNow + 1800);
                BOOST_TEST(result->header.dump() == R"({"alg":"HS512","iat":1764340000,"exp":1764341800})");
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(old_secrets_verify_and_unknown_secrets_do_not) {
    const Keyring keys{"new-secret", {"old-secret", "older-secret"}};
    const std::string payload = R"({"user_id":5})";
    for (const auto& secret : {"new-secret", "old-secret", "older-secret"}) {
        const auto result = verify_token(keys, mint_token(secret, payload, kNow, 60), kNow);
        BOOST_TEST(outcome(result) == "ok", secret);
    }
    const std::string current = mint_token(keys.current, payload, kNow, 60);
    BOOST_TEST(verify(current, kNow, "new-secret") == "ok");
    BOOST_TEST(verify(current, kNow, "old-secret") == "bad_signature");
    const std::string unknown = mint_token("someone-else", payload, kNow, 60);
    BOOST_TEST(outcome(verify_token(keys, unknown, kNow)) == "bad_signature");
    const std::string retired = mint_token("retired-secret", payload, kNow, 60);
    BOOST_TEST(outcome(verify_token(keys, retired, kNow)) == "bad_signature");
    const Keyring prefix{"new-secre", {"old-secre", ""}};
    BOOST_TEST(outcome(verify_token(prefix, current, kNow)) == "bad_signature");
    const std::string old = mint_token("old-secret", payload, kNow, 60);
    BOOST_TEST(outcome(verify_token(keys, old, kNow + 61)) == "expired");
}

BOOST_AUTO_TEST_CASE(changing_any_byte_invalidates_the_token) {
    const std::string token = mint_token(kSecret, R"({"user_id":1})", kNow, 1800);
    BOOST_TEST_REQUIRE(verify(token, kNow) == "ok");
    const char raw_replacements[] = "AaBgw09-_.=+/ \n\0\xc3";
    const std::string replacements(raw_replacements, sizeof raw_replacements - 1);
    for (std::size_t i = 0; i < token.size(); ++i) {
        for (char replacement : replacements) {
            if (replacement == token[i]) continue;
            std::string changed = token;
            changed[i] = replacement;
            BOOST_TEST(verify(changed, kNow) != "ok", "byte " << i << " -> " << int(replacement));
        }
        std::string shorter = token;
        shorter.erase(i, 1);
        BOOST_TEST(verify(shorter, kNow) != "ok", "byte " << i << " removed");
        std::string longer = token;
        longer.insert(i, 1, 'A');
        BOOST_TEST(verify(longer, kNow) != "ok", "'A' inserted at " << i);
    }
    BOOST_TEST(verify(token + "A", kNow) != "ok");
    BOOST_TEST(verify(token + ".", kNow) != "ok");
}

BOOST_AUTO_TEST_CASE(expiry_boundaries) {
    const struct {
        std::int64_t max_age;
        std::int64_t now;
        const char* expect;
    } cases[] = {
        {60, kNow, "ok"},
        {60, kNow + 59, "ok"},
        {60, kNow + 60, "ok"},
        {60, kNow + 61, "expired"},
        {60, 0, "ok"},
        {0, kNow, "ok"},
        {0, kNow + 1, "expired"},
        {1800, kNow + 86400, "expired"},
        {60, std::numeric_limits<std::int64_t>::max(), "expired"},
        {60, std::numeric_limits<std::int64_t>::min(), "ok"},
    };
    const std::string payload = R"({"user_id":1})";
    for (const auto& c : cases) {
        const std::string token = mint_token(kSecret, payload, kNow, c.max_age);
        BOOST_TEST(verify(token, c.now) == c.expect, "max_age " << c.max_age << " now " << c.now);
    }
    BOOST_TEST(verify(sign(header_with(",\"exp\":0"), "1"), 0) == "ok");
    BOOST_TEST(verify(sign(header_with(",\"exp\":0"), "1"), 1) == "expired");
}

BOOST_AUTO_TEST_CASE(headers_are_checked_after_the_signature) {
    const struct {
        std::string header;
        const char* expect;
    } cases[] = {
        {R"({"alg":"HS512","iat":1764340000,"exp":1764341800})", "ok"},
        {R"({"exp":1764341800,"alg":"HS512"})", "ok"},
        {R"({"alg":"HS512","exp":1764341800,"kid":"x","typ":"JWT"})", "ok"},
        {R"({"alg":"none","iat":1764340000,"exp":1764341800})", "bad_header"},
        {R"({"alg":"HS256","iat":1764340000,"exp":1764341800})", "bad_header"},
        {R"({"alg":"hs512","iat":1764340000,"exp":1764341800})", "bad_header"},
        {R"({"alg":"HS512 ","iat":1764340000,"exp":1764341800})", "bad_header"},
        {R"({"alg":512,"exp":1764341800})", "bad_header"},
        {R"({"alg":null,"exp":1764341800})", "bad_header"},
        {R"({"exp":1764341800})", "bad_header"},
        {header_with(""), "bad_header"},
        {header_with(",\"exp\":-1"), "bad_header"},
        {header_with(",\"exp\":\"1764341800\""), "bad_header"},
        {header_with(",\"exp\":1764341800.0"), "bad_header"},
        {header_with(",\"exp\":1.7643418e9"), "bad_header"},
        {header_with(",\"exp\":99999999999999999999"), "bad_header"},
        {header_with(",\"exp\":null"), "bad_header"},
        {header_with(",\"exp\":true"), "bad_header"},
        {header_with(",\"exp\":[1764341800]"), "bad_header"},
        {"[]", "bad_header"},
        {R"(["HS512"])", "bad_header"},
        {R"("HS512")", "bad_header"},
        {"1764341800", "bad_header"},
        {"null", "bad_header"},
        {"alg=HS512", "bad_header"},
        {"", "bad_header"},
        {"{\"alg\":\"HS512\",\"exp\":1764341800,\"x\":\"\xff\"}", "bad_header"},
    };
    for (const auto& c : cases) {
        BOOST_TEST(verify(sign(c.header, R"({"user_id":1})"), kNow) == c.expect, c.header);
    }
}

BOOST_AUTO_TEST_CASE(payloads_must_be_json) {
    const std::string header = header_with(",\"exp\":1764341800");
    const struct {
        std::string payload;
        const char* expect;
    } cases[] = {
        {R"({"user_id":1})", "ok"},
        {"", "bad_payload"},
        {"user_id=1", "bad_payload"},
        {"{\"n\":\"\xff\"}", "bad_payload"},
        {R"({"user_id":1} x)", "bad_payload"},
        {std::string(40, '[') + std::string(40, ']'), "bad_payload"},
    };
    for (const auto& c : cases) BOOST_TEST(verify(sign(header, c.payload), kNow) == c.expect);
}

BOOST_AUTO_TEST_CASE(structure_and_encoding_errors) {
    const std::string header = base64url_encode(header_with(",\"exp\":1764341800"));
    const std::string payload = base64url_encode(R"({"user_id":1})");
    const std::string good = sign_parts(header, payload);
    const std::string hs256 =
        header + "." + payload + "." + base64url_encode(hmac_sha256(kSecret, header + "." + payload));
    const struct {
        std::string token;
        const char* expect;
    } cases[] = {
        {good, "ok"},
        {"", "malformed"},
        {"no-dots-at-all", "malformed"},
        {".", "bad_signature"},
        {"..", "bad_signature"},
        {header + "." + payload + ".", "bad_signature"},
        {header + "." + payload + ".====", "bad_signature"},
        {hs256, "bad_signature"},
        {good.substr(0, good.rfind('.')) + "." + base64url_encode(std::string(64, '\0')), "bad_signature"},
        {sign_parts("", ""), "bad_header"},
        {sign_parts(header, ""), "bad_payload"},
        {sign_parts("", payload), "bad_header"},
        {sign_parts(header + "=", payload), "bad_header"},
        {sign_parts("e+J9", payload), "bad_header"},
        {sign_parts(header, payload + "="), "bad_payload"},
        {sign_parts(header, payload + ".x"), "bad_payload"},
        {sign_parts(header + payload, ""), "bad_header"},
        {"only-one-part." + base64url_encode(hmac_sha512(kSecret, "only-one-part")), "malformed"},
    };
    for (const auto& c : cases) BOOST_TEST(verify(c.token, kNow) == c.expect, c.token);
}

BOOST_AUTO_TEST_CASE(huge_inputs_fail_cleanly) {
    const std::string mega(4 << 20, 'A');
    BOOST_TEST(verify(mega, kNow) == "malformed");
    BOOST_TEST(verify(mega + "." + mega + "." + mega, kNow) == "bad_signature");
    const std::string big_payload = "{\"pad\":\"" + std::string(1 << 20, 'x') + "\"}";
    const std::string token = mint_token(kSecret, big_payload, kNow, 60);
    const auto result = verify_token(Keyring{kSecret, {}}, token, kNow);
    BOOST_TEST_REQUIRE(result.ok());
    BOOST_TEST(result->payload_json == big_payload);
    const std::string deep = std::string(1 << 20, '[') + std::string(1 << 20, ']');
    BOOST_TEST(verify(mint_token(kSecret, deep, kNow, 60), kNow) == "bad_payload");
}

BOOST_AUTO_TEST_CASE(describe_names_each_error) {
    BOOST_TEST(describe(TokenError::bad_signature) == std::string("invalid signature"));
    BOOST_TEST(describe(TokenError::expired) == std::string("expired"));
    const TokenError all[] = {TokenError::malformed, TokenError::bad_signature, TokenError::bad_header,
                              TokenError::bad_payload, TokenError::expired};
    for (TokenError a : all) {
        for (TokenError b : all) {
            if (a != b) BOOST_TEST(std::string(describe(a)) != std::string(describe(b)));
        }
    }
}

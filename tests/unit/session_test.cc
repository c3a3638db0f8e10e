// Session cookies: round trip, cookie lifetime, expiry, tampering, key rotation, no cross-use.
#define BOOST_TEST_MODULE session
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>

#include "cookie_names.h"
#include "json.h"
#include "reset_token.h"
#include "session.h"

using namespace pwreset;

namespace {

constexpr std::int64_t kNow = 1764340000;
constexpr std::int64_t kDay = 24 * 3600;
const std::string kHash = "$2b$12$caQRAg8J.fVat9r2KlmpdO84m8bFsPL1Wqbp70zrdPSXp5j3xVyZC";
const std::string kOtherHash = "$2b$12$zkOgRPXJ8pCNA3BSxYEk9uMKEly9YrTpmuIqOKDkPLZyqfXzzcnPi";

const Keyring kKeys{"current-secret", {}};

// The single Set-Cookie line the response carries.
std::string set_cookie_line(const Response& response) {
    BOOST_REQUIRE_EQUAL(response.cookies().size(), 1u);
    return response.cookies().front();
}

std::string cookie_value(const std::string& line) {
    const std::size_t eq = line.find('=');
    return line.substr(eq + 1, line.find(';') - eq - 1);
}

Request with_session(const std::string& value, const std::string& name = "__Host-pwreset_session") {
    Request request;
    request.cookies = {{name, value}};
    return request;
}

std::string session_value(const Keyring& keys, std::int64_t user_id, bool remember,
                          const SessionSettings& settings = {}) {
    Response response;
    start_session(response, keys, settings, user_id, kHash, remember, kNow);
    return cookie_value(set_cookie_line(response));
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_started_session_reads_back_with_its_user_and_fingerprint) {
    const auto claim = read_session(with_session(session_value(kKeys, 42, false)), kKeys, true, kNow);
    BOOST_REQUIRE(claim);
    BOOST_TEST(claim->user_id == 42);
    BOOST_TEST(claim->fingerprint == password_fingerprint(kKeys.current, kHash));
    BOOST_TEST(fingerprint_matches(kKeys, claim->fingerprint, kHash));
}

BOOST_AUTO_TEST_CASE(a_password_change_is_detected_by_the_fingerprint) {
    const auto claim = read_session(with_session(session_value(kKeys, 7, true)), kKeys, true, kNow);
    BOOST_REQUIRE(claim);
    BOOST_TEST(!fingerprint_matches(kKeys, claim->fingerprint, kOtherHash));
}

BOOST_AUTO_TEST_CASE(no_cookie_means_no_session) { BOOST_TEST(!read_session(Request{}, kKeys, true, kNow)); }

struct Lifetime {
    bool remember;
    bool secure;
    const char* max_age;  // the Max-Age attribute expected, or nullptr for none
    std::int64_t valid_for;
};

BOOST_AUTO_TEST_CASE(cookie_lifetime_follows_remember_me) {
    SessionSettings settings;
    settings.remember_seconds = 3600;
    const Lifetime cases[] = {
        {true, true, "; Max-Age=3600", 3600},
        {false, true, nullptr, kDay},
        {true, false, "; Max-Age=3600", 3600},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("remember=" << c.remember << " secure=" << c.secure) {
            settings.cookie_secure = c.secure;
            Response response;
            start_session(response, kKeys, settings, 5, kHash, c.remember, kNow);
            const std::string line = set_cookie_line(response);
            BOOST_TEST(line.rfind(cookie_name(OurCookie::session, c.secure) + "=", 0) == 0u);
            BOOST_TEST(line.find("HttpOnly") != std::string::npos);
            BOOST_TEST((line.find("; Secure") != std::string::npos) == c.secure);
            if (c.max_age) {
                BOOST_TEST(line.find(c.max_age) != std::string::npos);
            } else {
                BOOST_TEST(line.find("Max-Age") == std::string::npos);
            }
            const Request request =
                with_session(cookie_value(line), cookie_name(OurCookie::session, c.secure));
            BOOST_TEST(read_session(request, kKeys, c.secure, kNow + c.valid_for).has_value());
            BOOST_TEST(!read_session(request, kKeys, c.secure, kNow + c.valid_for + 1));
        }
    }
}

BOOST_AUTO_TEST_CASE(tampered_cookies_are_rejected) {
    const std::string good = session_value(kKeys, 42, false);
    std::string flipped_signature = good;
    flipped_signature.back() = flipped_signature.back() == 'A' ? 'B' : 'A';
    std::string flipped_payload = good;
    const std::size_t payload_at = good.find('.') + 2;
    flipped_payload[payload_at] = flipped_payload[payload_at] == 'A' ? 'B' : 'A';
    const std::string cases[] = {
        "",
        "garbage",
        flipped_signature,
        flipped_payload,
        good.substr(0, good.rfind('.')),
        good + "x",
        session_value(Keyring{"another-secret", {}}, 42, false),
    };
    for (const auto& value : cases) {
        BOOST_TEST_CONTEXT(value) { BOOST_TEST(!read_session(with_session(value), kKeys, true, kNow)); }
    }
}

BOOST_AUTO_TEST_CASE(sessions_signed_before_a_key_rotation_still_work) {
    const Keyring before{"old-secret", {}};
    const Keyring after{"new-secret", {"old-secret"}};
    const Request request = with_session(session_value(before, 9, true));
    const auto claim = read_session(request, after, true, kNow);
    BOOST_REQUIRE(claim);
    BOOST_TEST(claim->user_id == 9);
    BOOST_TEST(fingerprint_matches(after, claim->fingerprint, kHash));
    BOOST_TEST(!read_session(request, Keyring{"new-secret", {}}, true, kNow));
}

BOOST_AUTO_TEST_CASE(a_reset_link_is_not_a_session) {
    const std::string link = mint_reset_token(kKeys, 42, kHash, kNow, 1800);
    BOOST_TEST(!read_session(with_session(link), kKeys, true, kNow));
}

BOOST_AUTO_TEST_CASE(a_session_is_not_a_reset_link) {
    const auto claim = read_reset_token(kKeys, session_value(kKeys, 42, false), kNow);
    BOOST_REQUIRE(!claim.ok());
    BOOST_TEST(std::string(describe(claim.error())) == describe(TokenError::bad_payload));
}

// Signed with the right secret, but not a well-formed session payload.
BOOST_AUTO_TEST_CASE(signed_tokens_with_other_payloads_are_rejected) {
    const char* payloads[] = {
        R"({"typ":"flash","uid":42,"fp":"00"})",
        R"({"uid":42,"fp":"00"})",
        R"({"typ":"session","uid":"42","fp":"00"})",
        R"({"typ":"session","uid":42.5,"fp":"00"})",
        R"({"typ":"session","uid":42})",
        R"({"typ":"session","uid":42,"fp":0})",
        R"({"typ":"session","fp":"00"})",
        R"(["session",42,"00"])",
    };
    for (const char* payload : payloads) {
        BOOST_TEST_CONTEXT(payload) {
            const std::string token = mint_token(kKeys.current, payload, kNow, kDay);
            BOOST_TEST(!read_session(with_session(token), kKeys, true, kNow));
        }
    }
}

BOOST_AUTO_TEST_CASE(ending_a_session_deletes_the_cookie) {
    Response response;
    end_session(response, SessionSettings{});
    const std::string line = set_cookie_line(response);
    BOOST_TEST(line.rfind("__Host-pwreset_session=;", 0) == 0u);
    BOOST_TEST(line.find("Max-Age=0") != std::string::npos);
}

// Only pwreset's own name for the setting counts: Flask's `session`, and with cookie_secure
// the plain name, which any host on the domain may set, are never read.
BOOST_AUTO_TEST_CASE(only_the_configured_cookie_name_is_read) {
    const std::string value = session_value(kKeys, 42, false);
    struct Case {
        const char* name;
        bool secure;
        bool read;
    };
    const Case cases[] = {
        {"__Host-pwreset_session", true, true},
        {"pwreset_session", false, true},
        {"pwreset_session", true, false},
        {"__Host-pwreset_session", false, false},
        {"session", true, false},
        {"session", false, false},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.name << " secure=" << c.secure) {
            BOOST_TEST(read_session(with_session(value, c.name), kKeys, c.secure, kNow).has_value() ==
                       c.read);
        }
    }
}

// CSRF tokens: issued against a random cookie and the session, accepted only as their HMAC,
// across key rotation.
#define BOOST_TEST_MODULE csrf
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cctype>
#include <string>

#include "crypto.h"
#include "csrf.h"

using namespace pwreset;

namespace {

const Keyring kKeys{"current-secret", {}};
const std::string kNonce = "0123456789abcdef0123456789abcdef";
const std::string kCookie = "__Host-pwreset_csrf";

std::string cookie_value(const std::string& line) {
    const std::size_t eq = line.find('=');
    return line.substr(eq + 1, line.find(';') - eq - 1);
}

bool is_lower_hex(const std::string& text, std::size_t length) {
    return text.size() == length && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Request posted(const std::string* nonce, const std::string* token) {
    Request request;
    if (nonce) request.cookies = {{kCookie, *nonce}};
    if (token) request.form = {{kCsrfField, *token}};
    return request;
}

// The token a visitor whose cookie holds nonce gets on their form (logged in with the
// session cookie value session, or anonymous when it is empty).
std::string token_for(const std::string& nonce, const Keyring& keys = kKeys,
                      const std::string& session = "") {
    Response response;
    const std::string token = issue_csrf_token(posted(&nonce, nullptr), response, keys, true, session);
    BOOST_TEST(response.cookies().empty());
    return token;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_first_visit_gets_a_random_cookie_and_a_matching_token) {
    Response response;
    const std::string token = issue_csrf_token(Request{}, response, kKeys, true, "");
    BOOST_REQUIRE_EQUAL(response.cookies().size(), 1u);
    const std::string line = response.cookies().front();
    BOOST_TEST(line.rfind("__Host-pwreset_csrf=", 0) == 0u);
    BOOST_TEST(line.find("HttpOnly") != std::string::npos);
    BOOST_TEST(line.find("; Secure") != std::string::npos);
    BOOST_TEST(line.find("Max-Age") == std::string::npos);
    const std::string nonce = cookie_value(line);
    BOOST_TEST(is_lower_hex(nonce, 32));
    BOOST_TEST(is_lower_hex(token, 64));
    BOOST_TEST(csrf_valid(posted(&nonce, &token), kKeys, true, ""));
}

BOOST_AUTO_TEST_CASE(plain_http_development_omits_secure) {
    Response response;
    (void)issue_csrf_token(Request{}, response, kKeys, false, "");
    BOOST_REQUIRE_EQUAL(response.cookies().size(), 1u);
    BOOST_TEST(response.cookies().front().rfind("pwreset_csrf=", 0) == 0u);
    BOOST_TEST(response.cookies().front().find("Secure") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_new_visitor_gets_a_different_nonce) {
    Response first;
    Response second;
    (void)issue_csrf_token(Request{}, first, kKeys, true, "");
    (void)issue_csrf_token(Request{}, second, kKeys, true, "");
    BOOST_TEST(cookie_value(first.cookies().front()) != cookie_value(second.cookies().front()));
}

BOOST_AUTO_TEST_CASE(a_returning_visitor_keeps_the_cookie_and_the_token) {
    const std::string token = token_for(kNonce);
    BOOST_TEST(token == to_hex(hmac_sha256(kKeys.current, "pwreset csrf\n" + kNonce)));
    BOOST_TEST(token_for(kNonce) == token);
}

BOOST_AUTO_TEST_CASE(a_malformed_cookie_is_replaced) {
    const std::string cases[] = {
        "",
        "0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0",
        "0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef0123456789abcdeg",
    };
    for (const auto& nonce : cases) {
        BOOST_TEST_CONTEXT(nonce) {
            Response response;
            (void)issue_csrf_token(posted(&nonce, nullptr), response, kKeys, true, "");
            BOOST_REQUIRE_EQUAL(response.cookies().size(), 1u);
            BOOST_TEST(cookie_value(response.cookies().front()) != nonce);
        }
    }
}

BOOST_AUTO_TEST_CASE(forged_or_missing_tokens_are_rejected) {
    const std::string good = token_for(kNonce);
    std::string flipped = good;
    flipped[10] = flipped[10] == '0' ? '1' : '0';
    std::string upper = good;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::string other_nonce = "ffffffffffffffffffffffffffffffff";
    const std::string bad_nonce = "not-a-nonce";
    const std::string bad_nonce_mac = to_hex(hmac_sha256(kKeys.current, "pwreset csrf\n" + bad_nonce));
    const std::string empty;
    const std::string truncated = good.substr(0, 63);
    const std::string raw_nonce = kNonce;
    const std::string other_secret = token_for(kNonce, Keyring{"another-secret", {}});
    struct Case {
        const char* what;
        const std::string* nonce;
        const std::string* token;
    };
    const Case cases[] = {
        {"no cookie", nullptr, &good},
        {"no field", &kNonce, nullptr},
        {"neither", nullptr, nullptr},
        {"empty token", &kNonce, &empty},
        {"one hex digit changed", &kNonce, &flipped},
        {"upper case", &kNonce, &upper},
        {"truncated", &kNonce, &truncated},
        {"the nonce itself", &kNonce, &raw_nonce},
        {"another visitor's cookie", &other_nonce, &good},
        {"malformed cookie with its own HMAC", &bad_nonce, &bad_nonce_mac},
        {"signed with another secret", &kNonce, &other_secret},
    };
    BOOST_TEST(csrf_valid(posted(&kNonce, &good), kKeys, true, ""));
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.what) { BOOST_TEST(!csrf_valid(posted(c.nonce, c.token), kKeys, true, "")); }
    }
}

BOOST_AUTO_TEST_CASE(a_token_in_the_query_string_does_not_count) {
    Request request = posted(&kNonce, nullptr);
    request.query = {{kCsrfField, token_for(kNonce)}};
    BOOST_TEST(!csrf_valid(request, kKeys, true, ""));
}

BOOST_AUTO_TEST_CASE(forms_issued_before_a_key_rotation_still_submit) {
    const std::string token = token_for(kNonce, Keyring{"old-secret", {}});
    BOOST_TEST(csrf_valid(posted(&kNonce, &token), Keyring{"new-secret", {"old-secret"}}, true, ""));
    BOOST_TEST(!csrf_valid(posted(&kNonce, &token), Keyring{"new-secret", {}}, true, ""));
    const std::string fresh = token_for(kNonce, Keyring{"new-secret", {"old-secret"}});
    BOOST_TEST(fresh != token);
}

// A pair (csrf cookie + token) passes only for the session it was issued under: one taken
// from visitor A, or planted from an attacker's own visit or login, fails for B's session.
BOOST_AUTO_TEST_CASE(a_token_is_bound_to_the_session_it_was_issued_for) {
    const std::string session_a = "session-cookie-of-a";
    const std::string session_b = "session-cookie-of-b";
    const std::string for_a = token_for(kNonce, kKeys, session_a);
    const std::string anonymous = token_for(kNonce);
    BOOST_TEST(for_a != anonymous);
    BOOST_TEST(for_a == to_hex(hmac_sha256(kKeys.current, "pwreset csrf\n" + kNonce + "\n" + session_a)));
    struct Case {
        const char* what;
        const std::string* token;
        std::string session;  // the session of the visitor who posts
        bool valid;
    };
    const Case cases[] = {
        {"A's token in A's session", &for_a, session_a, true},
        {"A's token in B's session", &for_a, session_b, false},
        {"A's token once A is logged out", &for_a, "", false},
        {"an anonymous token in B's session", &anonymous, session_b, false},
        {"an anonymous token, anonymous", &anonymous, "", true},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.what) {
            BOOST_TEST(csrf_valid(posted(&kNonce, c.token), kKeys, true, c.session) == c.valid);
        }
    }
}

// With cookie_secure only the __Host- cookie counts, which no other host can set.
BOOST_AUTO_TEST_CASE(only_the_configured_cookie_name_is_read) {
    const std::string token = token_for(kNonce);
    struct Case {
        const char* name;
        bool secure;
        bool valid;
    };
    const Case cases[] = {
        {"__Host-pwreset_csrf", true, true},
        {"pwreset_csrf", false, true},
        {"pwreset_csrf", true, false},
        {"csrf", true, false},
        {"csrf", false, false},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.name << " secure=" << c.secure) {
            Request request;
            request.cookies = {{c.name, kNonce}};
            request.form = {{kCsrfField, token}};
            BOOST_TEST(csrf_valid(request, kKeys, c.secure, "") == c.valid);
        }
    }
}

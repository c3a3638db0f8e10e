// Double-submit CSRF tokens: the form carries an HMAC of a random nonce kept in a cookie and
// of the visitor's session.
//
// Why the session is in the MAC: a double-submit pair (cookie + matching token) proves only
// that whoever posts could read a page of ours with that cookie. An attacker can get a valid
// pair for themselves, and anyone who can set cookies for our domain (a sibling subdomain,
// or whoever answers for it over plain HTTP) can plant their pair's cookie in a victim's
// browser, then post the matching token from their own site. With cookie_secure the
// __Host- prefix stops that in the browser: no other host can set a __Host- cookie at all.
// Without it (plain names), binding the token to the session cookie means a planted pair,
// whether the attacker's anonymous one or one from their own login, fails for the victim's
// logged-in session, which the attacker can neither read nor make. Anonymous forms (login,
// register, reset request) have no session to bind to and rely on the cookie names alone.
#include "csrf.h"

#include "cookie_names.h"
#include "crypto.h"
#include "text.h"

namespace pwreset {
namespace {

constexpr std::size_t kNonceBytes = 16;
// Domain separation: the same secret also signs sessions, links and flashes.
constexpr std::string_view kCsrfLabel = "pwreset csrf\n";

bool is_nonce(const std::string& text) { return text.size() == 2 * kNonceBytes && is_lower_hex(text); }

// The nonce has a fixed length, so nonce and session cannot be shifted into each other; an
// anonymous visitor's token covers the nonce alone.
std::string csrf_mac(std::string_view secret, const std::string& nonce, std::string_view session) {
    std::string message(kCsrfLabel);
    message += nonce;
    if (!session.empty()) {
        message += '\n';
        message += session;
    }
    return to_hex(hmac_sha256(secret, message));
}

}  // namespace

std::string issue_csrf_token(const Request& request, Response& response, const Keyring& keys,
                             bool cookie_secure, std::string_view session) {
    const std::string& name = cookie_name(OurCookie::csrf, cookie_secure);
    const std::string* cookie = request.cookie(name);
    if (cookie && is_nonce(*cookie)) return csrf_mac(keys.current, *cookie, session);
    const std::string nonce = to_hex(random_bytes(kNonceBytes));
    response.set_cookie(Cookie{name, nonce, -1, cookie_secure});
    return csrf_mac(keys.current, nonce, session);
}

bool csrf_valid(const Request& request, const Keyring& keys, bool cookie_secure, std::string_view session) {
    const std::string* cookie = request.cookie(cookie_name(OurCookie::csrf, cookie_secure));
    const std::string* token = request.field(kCsrfField);
    if (!cookie || !token || !is_nonce(*cookie)) return false;
    // Every secret is tried even after a match, so timing does not tell which one signed.
    bool match = constant_time_equal(*token, csrf_mac(keys.current, *cookie, session));
    for (const auto& secret : keys.old) {
        match = constant_time_equal(*token, csrf_mac(secret, *cookie, session)) || match;
    }
    return match;
}

}  // namespace pwreset

// Double-submit CSRF tokens: the form carries an HMAC of a random nonce kept in a cookie.
#include "csrf.h"

#include "crypto.h"

namespace pwreset {
namespace {

constexpr std::size_t kNonceBytes = 16;
// Domain separation: the same secret also signs sessions, links and flashes.
constexpr std::string_view kCsrfLabel = "pwreset csrf\n";

bool is_nonce(const std::string& text) {
    if (text.size() != 2 * kNonceBytes) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

std::string csrf_mac(std::string_view secret, const std::string& nonce) {
    std::string message(kCsrfLabel);
    message += nonce;
    return to_hex(hmac_sha256(secret, message));
}

}  // namespace

std::string issue_csrf_token(const Request& request, Response& response, const Keyring& keys,
                             bool cookie_secure) {
    const std::string* cookie = request.cookie(kCsrfCookie);
    if (cookie && is_nonce(*cookie)) return csrf_mac(keys.current, *cookie);
    const std::string nonce = to_hex(random_bytes(kNonceBytes));
    response.set_cookie(Cookie{kCsrfCookie, nonce, -1, cookie_secure});
    return csrf_mac(keys.current, nonce);
}

bool csrf_valid(const Request& request, const Keyring& keys) {
    const std::string* cookie = request.cookie(kCsrfCookie);
    const std::string* token = request.field(kCsrfField);
    if (!cookie || !token || !is_nonce(*cookie)) return false;
    // Every secret is tried even after a match, so timing does not tell which one signed.
    bool match = constant_time_equal(*token, csrf_mac(keys.current, *cookie));
    for (const auto& secret : keys.old) {
        match = constant_time_equal(*token, csrf_mac(secret, *cookie)) || match;
    }
    return match;
}

}  // namespace pwreset

// CSRF protection for every form: a signed double-submit token tied to a random cookie and
// to the visitor's session.
#pragma once

#include <string>
#include <string_view>

#include "request.h"
#include "response.h"
#include "token.h"

namespace pwreset {

constexpr const char* kCsrfField = "csrf_token";

// The value for the form's hidden csrf_token field: an HMAC over the visitor's csrf cookie
// (a random nonce, set here when missing or malformed, so that anonymous forms are protected
// before any login) and over session, the logged-in visitor's session cookie value, or empty
// for a visitor without a valid session.
std::string issue_csrf_token(const Request& request, Response& response, const Keyring& keys,
                             bool cookie_secure, std::string_view session);

// True when the request's csrf_token field is that HMAC, for its csrf cookie and the same
// session, under any secret of the keyring (constant-time). False when either is missing.
bool csrf_valid(const Request& request, const Keyring& keys, bool cookie_secure, std::string_view session);

}  // namespace pwreset

// CSRF protection for every form: a signed double-submit token tied to a random cookie.
#pragma once

#include <string>

#include "request.h"
#include "response.h"
#include "token.h"

namespace pwreset {

constexpr const char* kCsrfCookie = "csrf";
constexpr const char* kCsrfField = "csrf_token";

// The value for the form's hidden csrf_token field. Reuses the visitor's csrf cookie (a
// random nonce) or sets a new one, so that anonymous forms are protected before any login.
std::string issue_csrf_token(const Request& request, Response& response, const Keyring& keys,
                             bool cookie_secure);

// True when the request's csrf_token field is the HMAC of its csrf cookie under any secret
// of the keyring (constant-time). False when either is missing.
bool csrf_valid(const Request& request, const Keyring& keys);

}  // namespace pwreset

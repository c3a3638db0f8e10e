// Who is logged in: a signed cookie carrying the user id and a fingerprint of their password.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "request.h"
#include "response.h"
#include "token.h"

namespace pwreset {

struct SessionClaim {
    std::int64_t user_id = 0;
    std::string fingerprint;  // password_fingerprint() of the hash at login
};

struct SessionSettings {
    bool cookie_secure = true;
    std::int64_t remember_seconds = 31 * 24 * 3600;
};

// Sets the session cookie. remember: a persistent cookie for remember_seconds; otherwise a
// browser-session cookie whose signature still expires after a day.
void start_session(Response& response, const Keyring& keys, const SessionSettings& settings,
                   std::int64_t user_id, const std::string& password_hash, bool remember, std::int64_t now);

// The claim of a validly signed, unexpired session cookie (named for cookie_secure). The
// caller must still check the fingerprint against the user's current hash
// (fingerprint_matches), so that a password change ends every other session.
std::optional<SessionClaim> read_session(const Request& request, const Keyring& keys, bool cookie_secure,
                                         std::int64_t now);

// Deletes the session cookie.
void end_session(Response& response, const SessionSettings& settings);

}  // namespace pwreset

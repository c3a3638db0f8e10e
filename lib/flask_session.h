// Flask's own session cookie, read and written as Flask's SecureCookieSessionInterface does, so a
// Flask site beside pwreset shows our messages and keeps everything else its session holds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "flash.h"
#include "json.h"

namespace pwreset {

// What Flask signs and ages its session cookie with.
struct FlaskSessionKey {
    std::string secret;                     // the app's SECRET_KEY: the bytes of its UTF-8 text
    std::int64_t max_age = 31 * 24 * 3600;  // PERMANENT_SESSION_LIFETIME in seconds
};

// Browsers keep a cookie of up to 4096 bytes, name included; werkzeug warns past 4093.
constexpr std::size_t kMaxFlaskCookieBytes = 4093;
// A session inflating past this is refused rather than read.
constexpr std::size_t kMaxFlaskSessionBytes = 64 * 1024;

// The session of a cookie value: a JSON object in Flask's tagged JSON (tuples as {" t": [...]}),
// when the value is signed with the key, at most max_age seconds old and not from the future.
// nullopt otherwise, which is where Flask too starts a new, empty session.
std::optional<Json> read_flask_session(const FlaskSessionKey& key, std::string_view cookie, std::int64_t now);

// The cookie value for session signed at now: its text as Flask dumps it (flask_json_text),
// zlib-compressed behind a '.' when that is shorter, base64url, timestamp, HMAC-SHA1 signature.
std::string write_flask_session(const FlaskSessionKey& key, const Json& session, std::int64_t now);

// The session with message added after its other flashed messages, as flask.flash() adds it;
// every other key is kept as it is.
Json add_flask_flash(const Json& session, const FlashMessage& message);

// True when Flask-Login has a user logged in to the session (its `_user_id`).
bool flask_user_logged_in(const Json& session);

// True when Flask sends the session as a persistent cookie (session.permanent).
bool flask_session_permanent(const Json& session);

// Compact JSON text as Flask writes its session: keys sorted, everything outside printable
// ASCII as \u escapes (json.dumps with sort_keys and ensure_ascii). Of repeated keys the
// last counts, as in Python.
std::string flask_json_text(const Json& value);

}  // namespace pwreset

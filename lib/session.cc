// Session cookies: a signed, typed token with the user id and their password's fingerprint.
#include "session.h"

#include "cookie_names.h"
#include "json.h"
#include "reset_token.h"

namespace pwreset {
namespace {

// The typ claim keeps a session and a reset link from ever standing in for each other,
// though the same secret signs both.
constexpr const char* kSessionType = "session";
constexpr std::int64_t kBrowserSessionSeconds = 24 * 3600;

bool is_session_payload(const Json& payload) {
    const Json* type = payload.find("typ");
    const std::optional<std::string> name = type ? type->as_string() : std::nullopt;
    return name && *name == kSessionType;
}

}  // namespace

void start_session(Response& response, const Keyring& keys, const SessionSettings& settings,
                   std::int64_t user_id, const std::string& password_hash, bool remember, std::int64_t now) {
    const Json payload = Json::make_object({
        {"typ", Json::make_string(kSessionType)},
        {"uid", Json::make_int(user_id)},
        {"fp", Json::make_string(password_fingerprint(keys.current, password_hash))},
    });
    const std::int64_t lifetime = remember ? settings.remember_seconds : kBrowserSessionSeconds;
    const std::int64_t cookie_max_age = remember ? settings.remember_seconds : -1;
    const std::string token = mint_token(keys.current, payload.dump(), now, lifetime);
    response.set_cookie(Cookie{cookie_name(OurCookie::session, settings.cookie_secure), token, cookie_max_age,
                               settings.cookie_secure});
}

std::optional<SessionClaim> read_session(const Request& request, const Keyring& keys, bool cookie_secure,
                                         std::int64_t now) {
    const std::string* cookie = request.cookie(cookie_name(OurCookie::session, cookie_secure));
    if (!cookie) return std::nullopt;
    const auto verified = verify_token(keys, *cookie, now);
    if (!verified || !is_session_payload(verified->payload)) return std::nullopt;
    const Json* uid = verified->payload.find("uid");
    const Json* fp = verified->payload.find("fp");
    const std::optional<std::int64_t> user_id = uid ? uid->as_int() : std::nullopt;
    std::optional<std::string> fingerprint = fp ? fp->as_string() : std::nullopt;
    if (!user_id || !fingerprint) return std::nullopt;
    return SessionClaim{*user_id, std::move(*fingerprint)};
}

void end_session(Response& response, const SessionSettings& settings) {
    response.set_cookie(
        Cookie{cookie_name(OurCookie::session, settings.cookie_secure), "", 0, settings.cookie_secure});
}

}  // namespace pwreset

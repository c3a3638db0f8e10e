// libFuzzer target: Flask session cookies (base64url, zlib, Flask's tagged JSON) as a
// browser may send anything in them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base64url.h"
#include "compression.h"
#include "crypto.h"
#include "flask_session.h"

using namespace pwreset;

namespace {

// The vectors' key (tests/data/flask-session-vectors.json), so the seed cookies verify.
const FlaskSessionKey kKey{"flaskblog-secret-\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87", 31 * 24 * 3600};
constexpr std::int64_t kNow = 1764340600;

// Signs a payload part as Flask would, so the input reaches decompression and the JSON.
std::string signed_cookie(std::string_view payload) {
    const std::string text =
        std::string(payload) + "." + base64url_encode(std::string("\x69\x29\xb3\x78", 4));
    return text + "." + base64url_encode(hmac_sha1(hmac_sha1(kKey.secret, "cookie-session"), text));
}

// Any session read must take a flash and come back from our own cookie with the same text.
void check_round_trip(const std::string& cookie) {
    const auto session = read_flask_session(kKey, cookie, kNow);
    if (!session) return;
    const Json added = add_flask_flash(*session, {"info", "fuzz"});
    // Escaping can make the text longer than the caps a reader applies.
    if (flask_json_text(added).size() > kMaxFlaskSessionBytes) return;
    const std::string written = write_flask_session(kKey, added, kNow);
    if (written.size() > kMaxFlaskCookieBytes) return;
    const auto again = read_flask_session(kKey, written, kNow);
    if (!again || flask_json_text(*again) != flask_json_text(added)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    check_round_trip(std::string(input));
    check_round_trip(signed_cookie(base64url_encode(input)));
    check_round_trip(signed_cookie("." + base64url_encode(zlib_compress(input))));
    (void)zlib_decompress(input, kMaxFlaskSessionBytes);
    return 0;
}

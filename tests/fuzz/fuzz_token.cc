// libFuzzer target: token verification, reset-link claims and the JSON they carry.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base64url.h"
#include "crypto.h"
#include "json.h"
#include "reset_token.h"
#include "token.h"

using namespace pwreset;

namespace {

// The vectors' secret, so their tokens (the seed corpus) verify and reach the JSON checks.
const Keyring kKeys{"my-flask-secret-key", {"an-older-secret"}};
constexpr std::int64_t kNow = 1764340060;

std::string signed_with_current(std::string_view signing_input) {
    return std::string(signing_input) + "." + base64url_encode(hmac_sha512(kKeys.current, signing_input));
}

// A token signed with the current secret must get past the signature check, whatever it holds.
void check_resigned(std::string_view signing_input) {
    const std::string token = signed_with_current(signing_input);
    auto verified = verify_token(kKeys, token, kNow);
    if (!verified && verified.error() == TokenError::bad_signature) std::abort();
    if (verified && verified->expires_at < kNow) std::abort();
    (void)read_reset_token(kKeys, token, kNow);
}

// Re-parsing a dumped document must give the same text back, or signed payloads would drift.
void check_json_round_trip(std::string_view text) {
    const auto parsed = parse_json(text);
    if (!parsed) return;
    const std::string once = parsed->dump();
    const auto again = parse_json(once);
    if (!again || again->dump() != once) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    (void)verify_token(kKeys, input, kNow);
    (void)read_reset_token(kKeys, input, kNow);

    // Forged tokens stop at the signature; re-signing the input reaches the header and payload.
    check_resigned(input.substr(0, input.rfind('.')));

    // The same again with raw JSON: "HEADER\nPAYLOAD", each base64url-encoded before signing.
    const std::size_t newline = input.find('\n');
    if (newline != std::string_view::npos) {
        const std::string_view header = input.substr(0, newline);
        const std::string_view payload = input.substr(newline + 1);
        check_resigned(base64url_encode(header) + "." + base64url_encode(payload));
        check_json_round_trip(header);
        check_json_round_trip(payload);
    }
    check_json_round_trip(input);
    return 0;
}

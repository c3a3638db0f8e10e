// Admin verbs for signed tokens: mint one, or verify one and print its payload.
#include <iostream>

#include "cli.h"
#include "json.h"

namespace pwreset {
namespace {

// Ten years: longer than any link should live, short enough to stay far from overflow.
constexpr std::int64_t kMaxExpiresIn = 10LL * 366 * 24 * 3600;

// The token verbs need only the secrets, not a database or a base_url.
Result<Keyring, Exit> secrets_for(const Invocation& invocation, Config& config) {
    auto loaded = load_for(invocation, {"secret_key_file"});
    if (!loaded) return loaded.failure();
    config = std::move(*loaded);
    return load_keys(config);
}

}  // namespace

Outcome token_mint(const Invocation& invocation) {
    const auto payload = parse_json(*invocation.flag("--payload"));
    if (!payload || !payload->is_object()) return usage_error("--payload must be a JSON object");
    std::optional<std::int64_t> expires_in;
    if (const auto text = invocation.flag("--expires-in")) {
        auto number = parse_number("--expires-in", *text, 1, kMaxExpiresIn);
        if (!number) return number.failure();
        expires_in = *number;
    }
    auto now = now_from(invocation);
    if (!now) return now.failure();
    Config config;
    auto keys = secrets_for(invocation, config);
    if (!keys) return keys.failure();
    std::cout << mint_token(keys->current, payload->dump(), *now, expires_in.value_or(config.token_max_age))
              << "\n";
    return Done{};
}

Outcome token_verify(const Invocation& invocation) {
    auto now = now_from(invocation);
    if (!now) return now.failure();
    Config config;
    auto keys = secrets_for(invocation, config);
    if (!keys) return keys.failure();
    // The reason only: a detail could quote the token's contents.
    const auto verified = verify_token(*keys, invocation.args.front(), *now);
    if (!verified) {
        const Exit code = verified.error() == TokenError::expired ? Exit::expired : Exit::failed;
        return fail(code, std::string("token rejected: ") + describe(verified.error()));
    }
    std::cout << verified->payload_json << "\n";
    return Done{};
}

}  // namespace pwreset

// libFuzzer target: the `key = value` config parser and its per-key checks.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "config.h"

using namespace pwreset;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view content(reinterpret_cast<const char*>(data), size);
    auto config = parse_config(content, "fuzz.conf");
    if (!config) {
        // Every refusal names the file, so an operator can find the line.
        if (config.detail().rfind("fuzz.conf:", 0) != 0) std::abort();
        return 0;
    }
    (void)require_keys(*config, {"secret_key_file", "database", "base_url"});
    // Values the checks accepted must be in their documented ranges.
    if (config->mail_timeout < 1 || config->bcrypt_cost < 4 || config->bcrypt_cost > 31) std::abort();
    if (config->password_min_length < 1 || config->password_min_length > 72) std::abort();
    if (config->token_max_age < 60 || config->session_max_age < 60) std::abort();
    return 0;
}

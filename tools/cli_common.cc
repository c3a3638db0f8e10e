// Helpers shared by the admin verbs: loading config and keys, strict numbers, stdin passwords.
#include <cerrno>
#include <cstring>

#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "forms.h"
#include "password.h"
#include "text.h"

namespace pwreset {
namespace {

// Far beyond any real clock, and small enough that now + expires-in cannot overflow.
constexpr std::int64_t kLatestUnixTime = 253402300799;  // 9999-12-31T23:59:59Z
// Enough to see that a pasted password is far too long without reading forever.
constexpr std::size_t kStdinLimit = 4096;

// Code points, as flaskblog's form validators count; rejects control characters.
std::optional<std::size_t> visible_length(const std::string& text) {
    for (const unsigned char c : text) {
        if (c < 0x20 || c == 0x7f) return std::nullopt;
    }
    return count_code_points(text);
}

}  // namespace

Result<Config, Exit> load_for(const Invocation& invocation, std::initializer_list<const char*> keys) {
    auto config = load_config(resolve_config_path(invocation.config_flag));
    if (!config) return fail(Exit::usage, config.detail());
    if (auto set = require_keys(*config, keys); !set) return fail(Exit::usage, set.detail());
    return std::move(config).value();
}

Result<Keyring, Exit> load_keys(const Config& config) {
    auto keys = load_keyring(config);
    if (!keys) return fail(Exit::usage, keys.detail());
    return std::move(keys).value();
}

Result<std::int64_t, Exit> parse_number(const std::string& flag, const std::string& text, std::int64_t min,
                                        std::int64_t max) {
    const std::string message =
        flag + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (text.empty() || text.size() > 18) return usage_error(message);
    std::int64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return usage_error(message);
        value = value * 10 + (c - '0');
    }
    if (value < min || value > max) return usage_error(message);
    return value;
}

Result<std::int64_t, Exit> now_from(const Invocation& invocation) {
    if (const auto now = invocation.flag("--now")) return parse_number("--now", *now, 0, kLatestUnixTime);
    return unix_now();
}

Result<std::string, Exit> read_password() {
    std::string text;
    char buffer[512];
    while (text.size() <= kStdinLimit) {
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return fail(Exit::failed, std::string("cannot read the password: ") + std::strerror(errno));
        if (n == 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (text.empty()) return usage_error("no password on standard input");
    if (text.find('\n') != std::string::npos) return usage_error("the password must be a single line");
    if (text.find('\0') != std::string::npos) return usage_error("the password contains a NUL byte");
    if (text.size() > kBcryptMaxPasswordBytes) {
        return usage_error("the password is longer than bcrypt's limit of " +
                           std::to_string(kBcryptMaxPasswordBytes) + " bytes");
    }
    return text;
}

Result<Done, Exit> check_mail_address(const std::string& address) {
    const auto length = visible_length(address);
    const auto at = address.find('@');
    const bool one_at =
        at != std::string::npos && at == address.rfind('@') && at > 0 && at + 1 < address.size();
    if (!length || *length > 120 || !one_at || address.find(' ') != std::string::npos) {
        return usage_error("'" + address + "' is not an email address (one '@', at most 120 characters)");
    }
    return Done{};
}

Result<Done, Exit> check_email(const std::string& email) {
    if (auto address = check_mail_address(email); !address) return address;
    if (!is_email(email)) {
        return usage_error("'" + email + "' is not an address the reset form takes (its domain needs a dot)");
    }
    return Done{};
}

Result<Done, Exit> check_username(const std::string& username) {
    const auto length = visible_length(username);
    if (!length || *length < 1 || *length > 20) {
        return usage_error("the username must be 1 to 20 characters without control characters");
    }
    return Done{};
}

}  // namespace pwreset

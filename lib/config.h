// The pwreset configuration: one `key = value` file, every key with a default.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"
#include "token.h"

namespace pwreset {

struct Config {
    std::string path;  // the file it was read from, for messages

    std::string secret_key_file;
    std::vector<std::string> old_secret_key_files;
    std::string database;
    std::string base_url;
    std::string sendmail = "/usr/sbin/sendmail -t -i";
    std::string mail_from;  // default: noreply@ and base_url's host (default_mail_from)
    int mail_timeout = 10;  // seconds before a hanging sendmail is killed
    std::int64_t token_max_age = 1800;
    int bcrypt_cost = 12;
    std::string templates_dir;  // default: compiled-in data directory

    bool cookie_secure = true;
    bool legacy_tokens = false;
    int password_min_length = 15;
    bool paranoid = false;
    int throttle_email_seconds = 60;
    int throttle_ip_per_hour = 20;
    std::int64_t session_max_age = 31 * 24 * 3600;  // "remember me" cookie lifetime
    bool notify_password_change = true;
};

enum class ConfigError {
    unreadable,     // the config file cannot be opened or read
    syntax,         // a line that is not `key = value`
    unknown_key,
    bad_value,
    missing_key,    // a key the caller needs is not set
    secret_unreadable,
    secret_empty,
};

// Reads and checks the file. The detail names the file and line: "FILE:LINE: message".
Result<Config, ConfigError> load_config(const std::string& path);

// Checks config text as load_config does once the file is read; path is only for messages.
Result<Config, ConfigError> parse_config(std::string_view content, const std::string& path);

// Checks that each named key is set; the first missing one is an error naming the file.
Result<Done, ConfigError> require_keys(const Config& config, std::initializer_list<const char*> names);

// Reads secret_key_file and old_secret_key_files: each file's bytes minus one trailing
// newline. An empty or unreadable file is an error naming the file.
Result<Keyring, ConfigError> load_keyring(const Config& config);

// mail_from when the file sets none: "noreply@" and the host of base_url, so mail comes
// from the site's own domain.
std::string default_mail_from(const std::string& base_url);

// The config path: the --config argument if given, else $PWRESET_CONFIG, else the
// compiled-in default.
std::string resolve_config_path(const std::optional<std::string>& from_command_line);

// Secrets shorter than this are accepted but reported by `pwreset config check`.
constexpr std::size_t kRecommendedSecretBytes = 32;

}  // namespace pwreset

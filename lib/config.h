// The pwreset configuration: one `key = value` file, every key with a default.
#pragma once

#include <cstdint>
#include <functional>
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
    int throttle_login_account = 10;                // failed logins per account per window
    int throttle_login_account_seconds = 900;       // that window
    int throttle_login_ip_per_hour = 50;            // failed logins per client address
    int throttle_register_ip_per_hour = 10;         // registrations per client address
    std::int64_t session_max_age = 31 * 24 * 3600;  // "remember me" cookie lifetime
    bool notify_password_change = true;
    std::string site_name = "Flask Blog";  // in the navbar, page titles and notices
    std::vector<std::string> languages;    // for Accept-Language, the default first; default: all shipped
    std::string locale_dir;                // the .mo catalogues; default: compiled-in data directory

    // Beside an existing site (INSTALL, "pwreset beside an existing site").
    bool site_pages = true;                                // our login, register, home and logout pages
    std::string login_url = "/login";                      // where both reset pages send the visitor
    std::string flask_secret_key_file;                     // the Flask app's SECRET_KEY; empty: none
    std::string flask_session_cookie = "session";          // Flask's SESSION_COOKIE_NAME
    std::int64_t flask_session_lifetime = 31 * 24 * 3600;  // PERMANENT_SESSION_LIFETIME
};

// What one key's value may be, and how it is read from the file and written back.
struct ConfigSyntax {
    std::string values;                                           // what the file may give, e.g. "1 to 300"
    std::function<std::string(Config&, const std::string&)> set;  // why a value is refused; empty: taken
    std::function<std::string(const Config&)> show;  // the value as the file would give it; empty: unset
};

// One key of the file. The table of them is the one list of keys: the parser,
// `pwreset config keys` and the pwreset.conf(5) man page all read it.
struct ConfigKey {
    const char* name;
    ConfigSyntax syntax;
    const char* help;  // one line: what the key does
};

const std::vector<ConfigKey>& config_key_table();

// Every key at its default: what a file that sets none gives, before mail_from is derived.
Config default_config();

enum class ConfigError {
    unreadable,  // the config file cannot be opened or read
    syntax,      // a line that is not `key = value`
    unknown_key,
    bad_value,
    missing_key,  // a key the caller needs is not set
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

// Reads flask_secret_key_file as secrets are read; empty when the key is not set.
Result<std::string, ConfigError> load_flask_secret(const Config& config);

// mail_from when the file sets none: "noreply@" and the host of base_url, so mail comes
// from the site's own domain.
std::string default_mail_from(const std::string& base_url);

// The config path: the --config argument if given, else $PWRESET_CONFIG, else the
// compiled-in default.
std::string resolve_config_path(const std::optional<std::string>& from_command_line);

// The longest window of any throttle, in seconds: older attempts count for nothing.
std::int64_t longest_throttle_window(const Config& config);

// Secrets shorter than this are accepted but reported by `pwreset config check`.
constexpr std::size_t kRecommendedSecretBytes = 32;

}  // namespace pwreset

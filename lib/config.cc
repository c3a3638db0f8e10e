// Parses the `key = value` config file against a table of known keys and their checks.
#include "config.h"

#include <set>
#include <sstream>

#include "config_syntax.h"
#include "language.h"
#include "paths.h"
#include "text.h"

namespace pwreset {

// Each help line says what the key does; its default and values come from the syntax.
const std::vector<ConfigKey>& config_key_table() {
    constexpr std::int64_t kDay = 24 * 3600;
    static const std::vector<ConfigKey> table = {
        {"secret_key_file", text(&Config::secret_key_file, "a file"),
         "file holding the secret that signs links, sessions, flashes and CSRF tokens; required"},
        {"old_secret_key_files",
         list(&Config::old_secret_key_files, "files, separated by commas", "files", any_file, true),
         "files of earlier secrets: what they signed keeps working; new links use the current secret"},
        {"database", text(&Config::database, "a file, or a postgresql:// URI"),
         "flaskblog's SQLite site.db, or a PostgreSQL libpq URI; needed by pages and database verbs"},
        {"base_url", text(&Config::base_url, "an http:// or https:// URL", check_base_url),
         "the start of every mailed link, never taken from the request; required by the pages"},
        {"sendmail", text(&Config::sendmail, "a command and its arguments"),
         "command that takes a message on stdin: split on spaces, no shell; success only on exit 0"},
        {"mail_from", text(&Config::mail_from, "a mail address", check_mail_from),
         "From address of the mails; when unset, noreply@ and base_url's host"},
        {"mail_timeout", integer(&Config::mail_timeout, 1, 300),
         "seconds before a hanging sendmail is killed"},
        {"token_max_age", seconds(&Config::token_max_age, 60, 7 * kDay), "how long a reset link stays valid"},
        {"bcrypt_cost", integer(&Config::bcrypt_cost, 4, 31),
         "cost of new password hashes; 12 is flask_bcrypt's default"},
        {"templates_dir", text(&Config::templates_dir, "a folder"),
         "folder holding the page and mail templates"},
        {"cookie_secure", flag(&Config::cookie_secure),
         "mark cookies Secure, with __Host- names; no only for testing over plain HTTP"},
        {"legacy_tokens", flag(&Config::legacy_tokens),
         "also take reset links the old Flask app minted: each works once, within token_max_age"},
        {"password_min_length", integer(&Config::password_min_length, 1, 72),
         "shortest new password, in characters"},
        {"paranoid", flag(&Config::paranoid),
         "answer /reset_password and /register the same for known and unknown emails"},
        {"throttle_email_seconds", integer(&Config::throttle_email_seconds, 0, 86400),
         "at most one reset mail per address in this many seconds; 0 turns it off"},
        {"throttle_ip_per_hour", integer(&Config::throttle_ip_per_hour, 0, 1000000),
         "reset requests per client address per hour; 0 turns it off"},
        {"throttle_login_account", integer(&Config::throttle_login_account, 0, 1000000),
         "failed logins per account (typed email) in throttle_login_account_seconds; 0 turns it off"},
        {"throttle_login_account_seconds", integer(&Config::throttle_login_account_seconds, 0, 86400),
         "the window of throttle_login_account, in seconds; 0 turns that limit off"},
        {"throttle_login_ip_per_hour", integer(&Config::throttle_login_ip_per_hour, 0, 1000000),
         "failed logins per client address per hour; 0 turns it off"},
        {"throttle_register_ip_per_hour", integer(&Config::throttle_register_ip_per_hour, 0, 1000000),
         "registrations per client address per hour; 0 turns it off"},
        {"session_max_age", seconds(&Config::session_max_age, 60, 400 * kDay),
         "how long a \"Remember Me\" login lasts"},
        {"notify_password_change", flag(&Config::notify_password_change),
         "mail the account a notice after each password reset"},
        {"site_name", text(&Config::site_name, "text", check_site_name),
         "the site's name in the navbar, the page titles and the notice mails"},
        {"languages",
         list(&Config::languages, "shipped languages, separated by commas", "languages", check_language,
              false),
         "the languages pages and mails may use, chosen by Accept-Language; the first is the default"},
        {"locale_dir", text(&Config::locale_dir, "a folder"),
         "folder holding the translations (LANG/LC_MESSAGES/pwreset.mo)"},
        {"site_pages", flag(&Config::site_pages),
         "serve pwreset's own login, register, home and logout pages; no beside an existing site"},
        {"login_url",
         text(&Config::login_url, "a path on this site, or an http:// or https:// URL", check_login_url),
         "where both reset pages send the visitor when done"},
        {"flask_secret_key_file", text(&Config::flask_secret_key_file, "a file"),
         "file holding a Flask app's SECRET_KEY: messages go into its session cookie (site_pages = no)"},
        {"flask_session_cookie", text(&Config::flask_session_cookie, "a cookie name", check_cookie_name),
         "the Flask app's SESSION_COOKIE_NAME"},
        {"flask_session_lifetime", seconds(&Config::flask_session_lifetime, 60, 400 * kDay),
         "the Flask app's PERMANENT_SESSION_LIFETIME: older Flask sessions count as expired"},
    };
    return table;
}

namespace {

const ConfigKey* find_key(const std::string& name) {
    for (const auto& key : config_key_table()) {
        if (name == key.name) return &key;
    }
    return nullptr;
}

}  // namespace

Result<Config, ConfigError> parse_config(std::string_view content, const std::string& path) {
    Config config = default_config();
    config.path = path;
    std::set<std::string> seen;
    std::istringstream lines{std::string(content)};
    std::string raw;
    for (int number = 1; std::getline(lines, raw); ++number) {
        const std::string where = path + ":" + std::to_string(number) + ": ";
        const std::string line(trim(raw));
        if (line.empty() || line[0] == '#') continue;
        if (line.find('\0') != std::string::npos)
            return fail(ConfigError::syntax, where + "contains a NUL byte");
        const auto eq = line.find('=');
        if (eq == std::string::npos) return fail(ConfigError::syntax, where + "expected `key = value`");
        const std::string name(trim(line.substr(0, eq)));
        const std::string value(trim(line.substr(eq + 1)));
        const ConfigKey* key = find_key(name);
        if (!key) return fail(ConfigError::unknown_key, where + "unknown key '" + name + "'");
        if (!seen.insert(name).second) return fail(ConfigError::bad_value, where + name + " is set twice");
        const std::string problem = key->syntax.set(config, value);
        if (!problem.empty()) return fail(ConfigError::bad_value, where + name + " " + problem);
    }
    // Our own pages show our own flash cookie; Flask's session serves only the site's pages.
    if (config.site_pages && !config.flask_secret_key_file.empty()) {
        return fail(ConfigError::bad_value,
                    path + ": flask_secret_key_file is used only with site_pages = no");
    }
    if (config.mail_from.empty() && !config.base_url.empty())
        config.mail_from = default_mail_from(config.base_url);
    return config;
}

Result<Done, ConfigError> require_keys(const Config& config, std::initializer_list<const char*> names) {
    for (const char* name : names) {
        const ConfigKey* key = find_key(name);
        if (key && key->syntax.show(config).empty()) {
            return fail(ConfigError::missing_key, config.path + ": " + name + " is not set");
        }
    }
    return Done{};
}

Config default_config() {
    Config config;
    config.templates_dir = PWRESET_DEFAULT_TEMPLATES;
    config.languages = shipped_languages();
    config.locale_dir = PWRESET_DEFAULT_LOCALE_DIR;
    return config;
}

std::int64_t longest_throttle_window(const Config& config) {
    constexpr std::int64_t kHour = 3600;  // the per-address limits count per hour
    return std::max<std::int64_t>(
        {kHour, config.throttle_email_seconds, config.throttle_login_account_seconds});
}

std::string default_mail_from(const std::string& base_url) {
    const auto scheme_end = base_url.find("://");
    const auto start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
    std::string host = base_url.substr(start, base_url.find_first_of("/?#", start) - start);
    if (const auto at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
    // An IPv6 literal ("[::1]") cannot stand in an address, with or without its brackets.
    host = host.empty() || host[0] == '[' ? std::string() : host.substr(0, host.find(':'));
    if (host.empty()) return "noreply@localhost";
    return "noreply@" + lower_ascii(host);
}

std::string resolve_config_path(const std::optional<std::string>& from_command_line) {
    if (from_command_line) return *from_command_line;
    if (const char* env = std::getenv("PWRESET_CONFIG"); env && *env) return env;
    return PWRESET_DEFAULT_CONFIG;
}

}  // namespace pwreset

// Parses the `key = value` config file against a table of known keys and their checks.
#include "config.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "text.h"

namespace pwreset {
namespace {

constexpr std::size_t kMaxConfigBytes = 64 * 1024;
constexpr std::size_t kMaxSecretBytes = 4096;

// A value check and store: returns an error message, or empty on success.
using Setter = std::function<std::string(Config&, const std::string&)>;

Setter text(std::string Config::*field) {
    return [field](Config& c, const std::string& v) -> std::string {
        if (v.empty()) return "needs a value";
        c.*field = v;
        return {};
    };
}

Setter integer(int Config::*field, long min, long max) {
    return [=](Config& c, const std::string& v) -> std::string {
        char* end = nullptr;
        errno = 0;
        const long n = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || errno == ERANGE || n < min || n > max) {
            return "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max);
        }
        c.*field = static_cast<int>(n);
        return {};
    };
}

Setter seconds(std::int64_t Config::*field, long long min, long long max) {
    return [=](Config& c, const std::string& v) -> std::string {
        char* end = nullptr;
        errno = 0;
        const long long n = std::strtoll(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || errno == ERANGE || n < min || n > max) {
            return "must be a number of seconds from " + std::to_string(min) + " to " + std::to_string(max);
        }
        c.*field = n;
        return {};
    };
}

Setter flag(bool Config::*field) {
    return [field](Config& c, const std::string& v) -> std::string {
        if (v == "yes" || v == "true" || v == "on" || v == "1") {
            c.*field = true;
        } else if (v == "no" || v == "false" || v == "off" || v == "0") {
            c.*field = false;
        } else {
            return "must be yes or no";
        }
        return {};
    };
}

std::string set_base_url(Config& c, const std::string& v) {
    std::string url = v;
    while (!url.empty() && url.back() == '/') url.pop_back();
    const bool scheme = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
    const auto host_start = url.find("://") + 3;
    if (!scheme || url.size() <= host_start || url.find_first_of(" \t\"'<>\\") != std::string::npos) {
        return "must be an http:// or https:// URL such as https://example.org";
    }
    c.base_url = url;
    return {};
}

std::string set_mail_from(Config& c, const std::string& v) {
    if (v.find('@') == std::string::npos) return "must be a mail address";
    c.mail_from = v;
    return {};
}

std::string set_old_secrets(Config& c, const std::string& v) {
    c.old_secret_key_files.clear();
    if (v.empty()) return {};
    for (std::size_t start = 0;;) {
        const auto comma = v.find(',', start);
        const std::string item(trim(v.substr(start, comma == std::string::npos ? comma : comma - start)));
        if (item.empty()) return "is a comma-separated list of files with an empty entry";
        c.old_secret_key_files.push_back(item);
        if (comma == std::string::npos) return {};
        start = comma + 1;
    }
}

// A path on this site ("/login") or an http(s) URL: what a Location header and a link may hold.
std::string set_login_url(Config& c, const std::string& v) {
    const bool path = v.size() > 0 && v[0] == '/' && (v.size() == 1 || v[1] != '/');
    const bool url = (v.rfind("http://", 0) == 0 && v.size() > 7) ||
                     (v.rfind("https://", 0) == 0 && v.size() > 8);
    const bool clean = std::all_of(v.begin(), v.end(), [](char ch) {
        return ch > ' ' && ch < 0x7f && std::strchr("\"'<>\\`", ch) == nullptr;
    });
    if (!(path || url) || !clean) {
        return "must be a path on this site such as /login, or an http:// or https:// URL";
    }
    c.login_url = v;
    return {};
}

// RFC 6265's cookie-name, as Flask's SESSION_COOKIE_NAME must be one.
std::string set_cookie_name(Config& c, const std::string& v) {
    const bool valid = !v.empty() && std::all_of(v.begin(), v.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) ||
               (ch != '\0' && std::strchr("!#$%&'*+-.^_`|~", ch) != nullptr);
    });
    if (!valid) return "must be a cookie name: letters, digits and !#$%&'*+-.^_`|~";
    c.flask_session_cookie = v;
    return {};
}

struct Key {
    const char* name;
    Setter set;
    std::function<bool(const Config&)> is_set;
};

const std::vector<Key>& keys() {
    static const std::vector<Key> table = {
        {"secret_key_file", text(&Config::secret_key_file), [](const Config& c) { return !c.secret_key_file.empty(); }},
        {"old_secret_key_files", set_old_secrets, [](const Config&) { return true; }},
        {"database", text(&Config::database), [](const Config& c) { return !c.database.empty(); }},
        {"base_url", set_base_url, [](const Config& c) { return !c.base_url.empty(); }},
        {"sendmail", text(&Config::sendmail), [](const Config&) { return true; }},
        {"mail_from", set_mail_from, [](const Config& c) { return !c.mail_from.empty(); }},
        {"mail_timeout", integer(&Config::mail_timeout, 1, 300), [](const Config&) { return true; }},
        {"token_max_age", seconds(&Config::token_max_age, 60, 7 * 24 * 3600), [](const Config&) { return true; }},
        {"bcrypt_cost", integer(&Config::bcrypt_cost, 4, 31), [](const Config&) { return true; }},
        {"templates_dir", text(&Config::templates_dir), [](const Config&) { return true; }},
        {"cookie_secure", flag(&Config::cookie_secure), [](const Config&) { return true; }},
        {"legacy_tokens", flag(&Config::legacy_tokens), [](const Config&) { return true; }},
        {"password_min_length", integer(&Config::password_min_length, 1, 72), [](const Config&) { return true; }},
        {"paranoid", flag(&Config::paranoid), [](const Config&) { return true; }},
        {"throttle_email_seconds", integer(&Config::throttle_email_seconds, 0, 86400), [](const Config&) { return true; }},
        {"throttle_ip_per_hour", integer(&Config::throttle_ip_per_hour, 0, 1000000), [](const Config&) { return true; }},
        {"throttle_login_account", integer(&Config::throttle_login_account, 0, 1000000), [](const Config&) { return true; }},
        {"throttle_login_account_seconds", integer(&Config::throttle_login_account_seconds, 0, 86400), [](const Config&) { return true; }},
        {"throttle_login_ip_per_hour", integer(&Config::throttle_login_ip_per_hour, 0, 1000000), [](const Config&) { return true; }},
        {"throttle_register_ip_per_hour", integer(&Config::throttle_register_ip_per_hour, 0, 1000000), [](const Config&) { return true; }},
        {"session_max_age", seconds(&Config::session_max_age, 60, 400LL * 24 * 3600), [](const Config&) { return true; }},
        {"notify_password_change", flag(&Config::notify_password_change), [](const Config&) { return true; }},
        {"site_pages", flag(&Config::site_pages), [](const Config&) { return true; }},
        {"login_url", set_login_url, [](const Config&) { return true; }},
        {"flask_secret_key_file", text(&Config::flask_secret_key_file),
         [](const Config& c) { return !c.flask_secret_key_file.empty(); }},
        {"flask_session_cookie", set_cookie_name, [](const Config&) { return true; }},
        {"flask_session_lifetime", seconds(&Config::flask_session_lifetime, 60, 400LL * 24 * 3600),
         [](const Config&) { return true; }},
    };
    return table;
}

const Key* find_key(const std::string& name) {
    for (const auto& key : keys()) {
        if (name == key.name) return &key;
    }
    return nullptr;
}

// POSIX reads rather than ifstream: libstdc++'s filebuf throws when a read fails (a
// directory given as a path, say), and no exception may leave the library. Returns empty on
// success, else why the file could not be read.
std::string read_small_file(const std::string& path, std::size_t limit, std::string& out) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return std::strerror(errno);
    std::string why;
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        why = std::strerror(errno);
    } else if (!S_ISREG(info.st_mode)) {
        why = "not a regular file";
    } else {
        out.clear();
        char buffer[4096];
        while (why.empty()) {
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) why = std::strerror(errno);
            if (n <= 0) break;
            out.append(buffer, static_cast<std::size_t>(n));
            if (out.size() > limit) why = "larger than " + std::to_string(limit / 1024) + " KiB";
        }
    }
    ::close(fd);
    return why;
}

Result<std::string, ConfigError> read_secret(const std::string& path) {
    std::string bytes;
    if (const std::string why = read_small_file(path, kMaxSecretBytes, bytes); !why.empty()) {
        return fail(ConfigError::secret_unreadable, path + ": cannot read the secret (" + why + ")");
    }
    if (!bytes.empty() && bytes.back() == '\n') bytes.pop_back();
    if (bytes.empty()) return fail(ConfigError::secret_empty, path + ": the secret is empty");
    return bytes;
}

}  // namespace

Result<Config, ConfigError> load_config(const std::string& path) {
    std::string content;
    if (const std::string why = read_small_file(path, kMaxConfigBytes, content); !why.empty()) {
        return fail(ConfigError::unreadable, path + ": cannot read the config file (" + why + ")");
    }
    return parse_config(content, path);
}

Result<Config, ConfigError> parse_config(std::string_view content, const std::string& path) {
    Config config;
    config.path = path;
    config.templates_dir = PWRESET_DEFAULT_TEMPLATES;
    std::set<std::string> seen;
    std::istringstream lines{std::string(content)};
    std::string raw;
    for (int number = 1; std::getline(lines, raw); ++number) {
        const std::string where = path + ":" + std::to_string(number) + ": ";
        const std::string line(trim(raw));
        if (line.empty() || line[0] == '#') continue;
        if (line.find('\0') != std::string::npos) return fail(ConfigError::syntax, where + "contains a NUL byte");
        const auto eq = line.find('=');
        if (eq == std::string::npos) return fail(ConfigError::syntax, where + "expected `key = value`");
        const std::string name(trim(line.substr(0, eq)));
        const std::string value(trim(line.substr(eq + 1)));
        const Key* key = find_key(name);
        if (!key) return fail(ConfigError::unknown_key, where + "unknown key '" + name + "'");
        if (!seen.insert(name).second) return fail(ConfigError::bad_value, where + name + " is set twice");
        const std::string problem = key->set(config, value);
        if (!problem.empty()) return fail(ConfigError::bad_value, where + name + " " + problem);
    }
    // Our own pages show our own flash cookie; Flask's session serves only the site's pages.
    if (config.site_pages && !config.flask_secret_key_file.empty()) {
        return fail(ConfigError::bad_value, path + ": flask_secret_key_file is used only with site_pages = no");
    }
    if (config.mail_from.empty() && !config.base_url.empty()) config.mail_from = default_mail_from(config.base_url);
    return config;
}

Result<Done, ConfigError> require_keys(const Config& config, std::initializer_list<const char*> names) {
    for (const char* name : names) {
        const Key* key = find_key(name);
        if (key && !key->is_set(config)) {
            return fail(ConfigError::missing_key, config.path + ": " + name + " is not set");
        }
    }
    return Done{};
}

Result<Keyring, ConfigError> load_keyring(const Config& config) {
    if (auto missing = require_keys(config, {"secret_key_file"}); !missing) return missing.failure();
    auto current = read_secret(config.secret_key_file);
    if (!current) return current.failure();
    Keyring keys{std::move(*current), {}};
    for (const auto& file : config.old_secret_key_files) {
        auto old = read_secret(file);
        if (!old) return old.failure();
        keys.old.push_back(std::move(*old));
    }
    return keys;
}

Result<std::string, ConfigError> load_flask_secret(const Config& config) {
    if (config.flask_secret_key_file.empty()) return std::string();
    return read_secret(config.flask_secret_key_file);
}

std::int64_t longest_throttle_window(const Config& config) {
    constexpr std::int64_t kHour = 3600;  // the per-address limits count per hour
    return std::max<std::int64_t>({kHour, config.throttle_email_seconds, config.throttle_login_account_seconds});
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

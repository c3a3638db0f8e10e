// The config file and the config path, as an administrator meets them.
#define BOOST_TEST_MODULE config
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <optional>
#include <string>

#include "config.h"
#include "config_files.h"
#include "paths.h"

using namespace pwreset;
using namespace config_files;

BOOST_AUTO_TEST_CASE(every_key_is_read) {
    TempDir tmp;
    const std::string path = tmp.write("pwreset.conf",
                                       "secret_key_file = /etc/pwreset/secret\n"
                                       "old_secret_key_files = /etc/pwreset/old1, /etc/pwreset/old2\n"
                                       "database = /srv/blog/site.db\n"
                                       "base_url = https://blog.example.org/\n"
                                       "sendmail = /usr/bin/msmtp -t\n"
                                       "mail_from = Blog <blog@example.org>\n"
                                       "mail_timeout = 30\n"
                                       "token_max_age = 3600\n"
                                       "bcrypt_cost = 10\n"
                                       "templates_dir = /srv/pwreset/templates\n"
                                       "cookie_secure = no\n"
                                       "legacy_tokens = yes\n"
                                       "password_min_length = 8\n"
                                       "paranoid = true\n"
                                       "throttle_email_seconds = 120\n"
                                       "throttle_ip_per_hour = 5\n"
                                       "throttle_login_account = 3\n"
                                       "throttle_login_account_seconds = 2\n"
                                       "throttle_login_ip_per_hour = 0\n"
                                       "throttle_register_ip_per_hour = 4\n"
                                       "session_max_age = 86400\n"
                                       "notify_password_change = off\n"
                                       "site_name = Ma <Cuisine> & Co\n"
                                       "site_pages = no\n"
                                       "login_url = https://blog.example.org/login?from=reset\n"
                                       "flask_secret_key_file = /etc/pwreset/flask-secret\n"
                                       "flask_session_cookie = blog_session\n"
                                       "flask_session_lifetime = 86400\n");
    const auto config = load_config(path);
    BOOST_TEST_REQUIRE(config.ok(), why(config));
    BOOST_TEST(config->path == path);
    BOOST_TEST(config->secret_key_file == "/etc/pwreset/secret");
    BOOST_TEST_REQUIRE(config->old_secret_key_files.size() == 2u);
    BOOST_TEST(config->old_secret_key_files[0] == "/etc/pwreset/old1");
    BOOST_TEST(config->old_secret_key_files[1] == "/etc/pwreset/old2");
    BOOST_TEST(config->database == "/srv/blog/site.db");
    BOOST_TEST(config->base_url == "https://blog.example.org");  // trailing '/' dropped
    BOOST_TEST(config->sendmail == "/usr/bin/msmtp -t");
    BOOST_TEST(config->mail_from == "Blog <blog@example.org>");
    BOOST_TEST(config->mail_timeout == 30);
    BOOST_TEST(config->token_max_age == 3600);
    BOOST_TEST(config->bcrypt_cost == 10);
    BOOST_TEST(config->templates_dir == "/srv/pwreset/templates");
    BOOST_TEST(!config->cookie_secure);
    BOOST_TEST(config->legacy_tokens);
    BOOST_TEST(config->password_min_length == 8);
    BOOST_TEST(config->paranoid);
    BOOST_TEST(config->throttle_email_seconds == 120);
    BOOST_TEST(config->throttle_ip_per_hour == 5);
    BOOST_TEST(config->throttle_login_account == 3);
    BOOST_TEST(config->throttle_login_account_seconds == 2);
    BOOST_TEST(config->throttle_login_ip_per_hour == 0);
    BOOST_TEST(config->throttle_register_ip_per_hour == 4);
    BOOST_TEST(config->session_max_age == 86400);
    BOOST_TEST(!config->notify_password_change);
    BOOST_TEST(config->site_name == "Ma <Cuisine> & Co");
    BOOST_TEST(!config->site_pages);
    BOOST_TEST(config->login_url == "https://blog.example.org/login?from=reset");
    BOOST_TEST(config->flask_secret_key_file == "/etc/pwreset/flask-secret");
    BOOST_TEST(config->flask_session_cookie == "blog_session");
    BOOST_TEST(config->flask_session_lifetime == 86400);
}

BOOST_AUTO_TEST_CASE(absent_keys_keep_their_defaults) {
    TempDir tmp;
    const auto config = load_config(tmp.write("pwreset.conf", "# nothing set\n"));
    BOOST_TEST_REQUIRE(config.ok(), why(config));
    BOOST_TEST(config->secret_key_file.empty());
    BOOST_TEST(config->old_secret_key_files.empty());
    BOOST_TEST(config->database.empty());
    BOOST_TEST(config->base_url.empty());
    BOOST_TEST(config->sendmail == "/usr/sbin/sendmail -t -i");
    BOOST_TEST(config->mail_from.empty());  // nothing to derive it from without base_url
    BOOST_TEST(config->mail_timeout == 10);
    BOOST_TEST(config->token_max_age == 1800);
    BOOST_TEST(config->bcrypt_cost == 12);
    BOOST_TEST(config->templates_dir == PWRESET_DEFAULT_TEMPLATES);
    BOOST_TEST(config->cookie_secure);
    BOOST_TEST(!config->legacy_tokens);
    BOOST_TEST(config->password_min_length == 15);
    BOOST_TEST(!config->paranoid);
    BOOST_TEST(config->throttle_email_seconds == 60);
    BOOST_TEST(config->throttle_ip_per_hour == 20);
    BOOST_TEST(config->throttle_login_account == 10);
    BOOST_TEST(config->throttle_login_account_seconds == 900);
    BOOST_TEST(config->throttle_login_ip_per_hour == 50);
    BOOST_TEST(config->throttle_register_ip_per_hour == 10);
    BOOST_TEST(config->session_max_age == 31 * 24 * 3600);
    BOOST_TEST(config->notify_password_change);
    BOOST_TEST(config->site_name == "Flask Blog");
    BOOST_TEST((config->languages == std::vector<std::string>{"en", "de", "fr", "es"}));
    BOOST_TEST(config->locale_dir == PWRESET_DEFAULT_LOCALE_DIR);
    BOOST_TEST(config->site_pages);
    BOOST_TEST(config->login_url == "/login");
    BOOST_TEST(config->flask_secret_key_file.empty());
    BOOST_TEST(config->flask_session_cookie == "session");
    BOOST_TEST(config->flask_session_lifetime == 31 * 24 * 3600);
}

// Without mail_from, mail comes from noreply@ at base_url's host; a mail_from anywhere in
// the file wins.
BOOST_AUTO_TEST_CASE(mail_from_defaults_to_noreply_at_the_base_url_host) {
    struct Case {
        const char* text;
        const char* mail_from;
    };
    const Case cases[] = {
        {"base_url = https://www.example.org", "noreply@www.example.org"},
        {"base_url = https://Blog.Example.ORG:8443/site/?x#y", "noreply@blog.example.org"},
        {"base_url = https://user:pass@example.net/", "noreply@example.net"},
        {"base_url = http://127.0.0.1:8080", "noreply@127.0.0.1"},
        {"base_url = http://[::1]:8080", "noreply@localhost"},
        {"mail_from = Blog <blog@example.org>\nbase_url = https://www.example.org",
         "Blog <blog@example.org>"},
        {"base_url = https://www.example.org\nmail_from = blog@example.org", "blog@example.org"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.text) {
            const auto config = parse_config(c.text, "pwreset.conf");
            BOOST_TEST_REQUIRE(config.ok(), why(config));
            BOOST_TEST(config->mail_from == c.mail_from);
            BOOST_TEST(require_keys(*config, {"mail_from"}).ok());
        }
    }
    const auto neither = parse_config("database = /srv/site.db\n", "pwreset.conf");
    BOOST_TEST_REQUIRE(neither.ok(), why(neither));
    BOOST_TEST(contains(why(require_keys(*neither, {"mail_from"})), "mail_from is not set"));
}

BOOST_AUTO_TEST_CASE(comments_blank_lines_and_spacing_are_ignored) {
    TempDir tmp;
    const auto config = load_config(tmp.write("pwreset.conf",
                                              "# pwreset for the blog\r\n"
                                              "\r\n"
                                              "   \t\n"
                                              "   # an indented comment = not a key\n"
                                              "database=/srv/site.db\r\n"
                                              "\tbcrypt_cost   =\t11  \n"
                                              "sendmail = /usr/sbin/sendmail -t -i -oMr=web\n"));
    BOOST_TEST_REQUIRE(config.ok(), why(config));
    BOOST_TEST(config->database == "/srv/site.db");
    BOOST_TEST(config->bcrypt_cost == 11);
    BOOST_TEST(config->sendmail == "/usr/sbin/sendmail -t -i -oMr=web");  // split at the first '='
}

// Each bad line sits on line 3, after a comment and a good line, so the number in the
// message must count every line of the file.
BOOST_AUTO_TEST_CASE(bad_lines_are_refused_naming_file_and_line) {
    struct Case {
        const char* line;
        ConfigError error;
        const char* says;
    };
    const Case cases[] = {
        {"database /srv/site.db", ConfigError::syntax, "key = value"},
        {"colour = blue", ConfigError::unknown_key, "colour"},
        {"mail_timeout = 5", ConfigError::bad_value, "twice"},
        {"bcrypt_cost = twelve", ConfigError::bad_value, "bcrypt_cost"},
        {"bcrypt_cost = 12abc", ConfigError::bad_value, "bcrypt_cost"},
        {"bcrypt_cost = 0x0c", ConfigError::bad_value, "bcrypt_cost"},
        {"bcrypt_cost = 1.5", ConfigError::bad_value, "bcrypt_cost"},
        {"bcrypt_cost =", ConfigError::bad_value, "bcrypt_cost"},
        {"bcrypt_cost = 3", ConfigError::bad_value, "4 to 31"},
        {"bcrypt_cost = 32", ConfigError::bad_value, "4 to 31"},
        {"token_max_age = 59", ConfigError::bad_value, "token_max_age"},
        {"token_max_age = 99999999999999999999999", ConfigError::bad_value, "token_max_age"},
        {"throttle_ip_per_hour = -1", ConfigError::bad_value, "throttle_ip_per_hour"},
        {"throttle_login_account = -1", ConfigError::bad_value, "throttle_login_account"},
        {"throttle_login_account_seconds = 86401", ConfigError::bad_value, "0 to 86400"},
        {"throttle_login_ip_per_hour = many", ConfigError::bad_value, "throttle_login_ip_per_hour"},
        {"throttle_register_ip_per_hour = -5", ConfigError::bad_value, "throttle_register_ip_per_hour"},
        {"paranoid = maybe", ConfigError::bad_value, "yes or no"},
        {"cookie_secure = YES!", ConfigError::bad_value, "cookie_secure"},
        {"base_url = ftp://example.org", ConfigError::bad_value, "base_url"},
        {"base_url = example.org", ConfigError::bad_value, "base_url"},
        {"base_url = https://", ConfigError::bad_value, "base_url"},
        {"base_url = https://exa mple.org", ConfigError::bad_value, "base_url"},
        {"base_url = https://example.org/\"><script>", ConfigError::bad_value, "base_url"},
        {"mail_from = nobody", ConfigError::bad_value, "mail_from"},
        {"database =", ConfigError::bad_value, "database needs a value"},
        {"secret_key_file = ", ConfigError::bad_value, "secret_key_file needs a value"},
        {"old_secret_key_files = /a,,/b", ConfigError::bad_value, "empty entry"},
        {"old_secret_key_files = /a,", ConfigError::bad_value, "empty entry"},
        {"site_name =", ConfigError::bad_value, "site_name must be a name"},
        {"site_name = Blog\x01", ConfigError::bad_value, "site_name must be a name of printable characters"},
        {"site_pages = perhaps", ConfigError::bad_value, "site_pages"},
        {"languages = en, klingon", ConfigError::bad_value, "'klingon', which is not a shipped language"},
        {"languages = de, en, de", ConfigError::bad_value, "lists 'de' twice"},
        {"languages = en,,de", ConfigError::bad_value, "empty entry"},
        {"languages =", ConfigError::bad_value, "empty entry"},
        {"login_url =", ConfigError::bad_value, "login_url"},
        {"login_url = login", ConfigError::bad_value, "login_url"},
        {"login_url = //evil.example/login", ConfigError::bad_value, "login_url"},
        {"login_url = javascript:alert(1)", ConfigError::bad_value, "login_url"},
        {"login_url = https://", ConfigError::bad_value, "login_url"},
        {"login_url = /log in", ConfigError::bad_value, "login_url"},
        {"login_url = /login\"><script>", ConfigError::bad_value, "login_url"},
        {"flask_secret_key_file =", ConfigError::bad_value, "flask_secret_key_file needs a value"},
        {"flask_session_cookie = my session", ConfigError::bad_value, "flask_session_cookie"},
        {"flask_session_cookie = a;b", ConfigError::bad_value, "flask_session_cookie"},
        {"flask_session_cookie =", ConfigError::bad_value, "flask_session_cookie"},
        {"flask_session_lifetime = 59", ConfigError::bad_value, "flask_session_lifetime"},
    };
    TempDir tmp;
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.line) {
            const std::string path =
                tmp.write("pwreset.conf", std::string("# test\nmail_timeout = 7\n") + c.line + "\n");
            const auto config = load_config(path);
            BOOST_TEST_REQUIRE(!config.ok());
            BOOST_TEST(config.error() == c.error);
            BOOST_TEST(starts_with(config.detail(), path + ":3: "), config.detail());
            BOOST_TEST(contains(config.detail(), c.says), config.detail());
        }
    }
}

BOOST_AUTO_TEST_CASE(login_url_takes_a_local_path_or_an_http_url) {
    for (const char* url : {"/", "/login", "/users/sign_in?next=%2F", "http://blog.example.org/login",
                            "https://blog.example.org/account/login"}) {
        BOOST_TEST_CONTEXT(url) {
            const auto config = parse_config(std::string("login_url = ") + url + "\n", "given.conf");
            BOOST_TEST_REQUIRE(config.ok(), why(config));
            BOOST_TEST(config->login_url == url);
        }
    }
}

// With our own pages in use, our login page shows our own flash cookie: a Flask key there
// would be a mistake, so it stops start-up rather than being ignored.
BOOST_AUTO_TEST_CASE(a_flask_key_needs_site_pages_off) {
    const auto refused = parse_config("flask_secret_key_file = /etc/pwreset/flask\n", "given.conf");
    BOOST_TEST_REQUIRE(!refused.ok());
    BOOST_TEST(refused.error() == ConfigError::bad_value);
    BOOST_TEST(starts_with(refused.detail(), "given.conf: "), refused.detail());
    BOOST_TEST(contains(refused.detail(), "site_pages = no"), refused.detail());

    const auto beside =
        parse_config("flask_secret_key_file = /etc/pwreset/flask\nsite_pages = no\n", "given.conf");
    BOOST_TEST_REQUIRE(beside.ok(), why(beside));
    BOOST_TEST(beside->flask_secret_key_file == "/etc/pwreset/flask");
}

BOOST_AUTO_TEST_CASE(a_nul_byte_in_a_line_is_refused) {
    TempDir tmp;
    const std::string path = tmp.write("pwreset.conf", std::string("database = /a\0b\n", 16));
    const auto config = load_config(path);
    BOOST_TEST_REQUIRE(!config.ok());
    BOOST_TEST(config.error() == ConfigError::syntax);
    BOOST_TEST(starts_with(config.detail(), path + ":1: "), config.detail());
}

// parse_config is what load_config runs on the file's bytes; the fuzz target calls it directly.
BOOST_AUTO_TEST_CASE(config_text_is_parsed_like_the_file) {
    const auto config = parse_config("database = /d\nmail_timeout = 7\n", "given.conf");
    BOOST_TEST_REQUIRE(config.ok(), why(config));
    BOOST_TEST(config->path == "given.conf");
    BOOST_TEST(config->database == "/d");
    BOOST_TEST(config->mail_timeout == 7);

    const auto refused = parse_config("# x\nbcrypt_cost = 3\n", "given.conf");
    BOOST_TEST_REQUIRE(!refused.ok());
    BOOST_TEST(refused.error() == ConfigError::bad_value);
    BOOST_TEST(starts_with(refused.detail(), "given.conf:2: bcrypt_cost "), refused.detail());
}

BOOST_AUTO_TEST_CASE(an_unreadable_config_file_is_named) {
    TempDir tmp;
    const std::string missing = (tmp.dir / "absent.conf").string();
    const std::string huge = tmp.write("huge.conf", std::string(70 * 1024, '#'));
    for (const std::string& path : {missing, tmp.dir.string(), huge}) {
        BOOST_TEST_CONTEXT(path) {
            const auto config = load_config(path);
            BOOST_TEST_REQUIRE(!config.ok());
            BOOST_TEST(config.error() == ConfigError::unreadable);
            BOOST_TEST(starts_with(config.detail(), path + ": "), config.detail());
        }
    }
    BOOST_TEST(contains(load_config(missing).detail(), "No such file"));
}

BOOST_AUTO_TEST_CASE(require_keys_names_the_first_missing_key) {
    TempDir tmp;
    const std::string path = tmp.write("pwreset.conf", "database = /srv/site.db\n");
    const auto config = load_config(path);
    BOOST_TEST_REQUIRE(config.ok(), why(config));
    BOOST_TEST(require_keys(*config, {"database"}).ok());
    const auto missing = require_keys(*config, {"database", "base_url", "secret_key_file"});
    BOOST_TEST_REQUIRE(!missing.ok());
    BOOST_TEST(missing.error() == ConfigError::missing_key);
    BOOST_TEST(starts_with(missing.detail(), path + ": "), missing.detail());
    BOOST_TEST(contains(missing.detail(), "base_url"), missing.detail());
}

BOOST_AUTO_TEST_CASE(config_path_command_line_then_environment_then_default) {
    const char* saved = std::getenv("PWRESET_CONFIG");
    const std::optional<std::string> before = saved ? std::optional<std::string>(saved) : std::nullopt;

    setenv("PWRESET_CONFIG", "/from/env.conf", 1);
    BOOST_TEST(resolve_config_path(std::string("/from/flag.conf")) == "/from/flag.conf");
    BOOST_TEST(resolve_config_path(std::nullopt) == "/from/env.conf");
    setenv("PWRESET_CONFIG", "", 1);
    BOOST_TEST(resolve_config_path(std::nullopt) == PWRESET_DEFAULT_CONFIG);
    unsetenv("PWRESET_CONFIG");
    BOOST_TEST(resolve_config_path(std::nullopt) == PWRESET_DEFAULT_CONFIG);

    if (before) setenv("PWRESET_CONFIG", before->c_str(), 1);
}

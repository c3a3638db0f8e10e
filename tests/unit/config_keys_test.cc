// The table of config keys: every key documented, and what it shows read back as it was.
#define BOOST_TEST_MODULE config_keys
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>
#include <string>

#include "config.h"

using namespace pwreset;

namespace {

// Every key as the table shows it for one config.
std::map<std::string, std::string> shown(const Config& config) {
    std::map<std::string, std::string> values;
    for (const auto& key : config_key_table()) values[key.name] = key.syntax.show(config);
    return values;
}

// Each key's shown value against the expected one, so a failure names the key.
void check_shown(const Config& config, const std::map<std::string, std::string>& expected) {
    const auto values = shown(config);
    BOOST_TEST(values.size() == expected.size());
    for (const auto& [name, value] : expected) {
        BOOST_TEST_CONTEXT(name) { BOOST_TEST(values.at(name) == value); }
    }
}

template <typename R>
std::string why(const R& result) {
    return result.ok() ? std::string() : result.detail();
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_key_has_a_name_values_and_one_line_of_help) {
    std::set<std::string> names;
    for (const auto& key : config_key_table()) {
        const std::string name = key.name;
        const std::string help = key.help;
        BOOST_TEST_CONTEXT(name) {
            BOOST_TEST(names.insert(name).second, "listed twice");
            BOOST_TEST(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos);
            BOOST_TEST(!key.syntax.values.empty());
            BOOST_TEST(!help.empty());
            BOOST_TEST(help.find('\n') == std::string::npos);
            BOOST_TEST(help.size() <= 100u, help);
        }
    }
    BOOST_TEST(names.size() == 30u);
}

// A key without a default is one the admin must set, or one whose absence means "none" (no
// old secrets, no Flask key, mail_from from base_url); any other key needs a default.
BOOST_AUTO_TEST_CASE(only_the_keys_that_mean_none_when_unset_lack_a_default) {
    std::set<std::string> unset;
    for (const auto& [name, value] : shown(default_config())) {
        if (value.empty()) unset.insert(name);
    }
    const std::set<std::string> expected = {"secret_key_file", "old_secret_key_files", "database", "base_url",
                                            "mail_from",       "flask_secret_key_file"};
    BOOST_TEST(unset == expected);
}

// The default the man page prints is the struct's default, written as the file would give it:
// a file setting any key to its shown default reads as a file setting nothing.
BOOST_AUTO_TEST_CASE(each_shown_default_reads_back_as_the_default) {
    const auto defaults = shown(default_config());
    const auto empty = parse_config("", "pwreset.conf");
    BOOST_TEST_REQUIRE(empty.ok(), why(empty));
    check_shown(*empty, defaults);
    for (const auto& [name, value] : defaults) {
        if (value.empty()) continue;
        BOOST_TEST_CONTEXT(name << " = " << value) {
            const auto config = parse_config(name + " = " + value + "\n", "pwreset.conf");
            BOOST_TEST_REQUIRE(config.ok(), why(config));
            check_shown(*config, defaults);
        }
    }
}

// Each key shows the field it sets: every key set to a value no other key has, then shown.
BOOST_AUTO_TEST_CASE(each_key_shows_the_value_it_read) {
    const std::map<std::string, std::string> file = {
        {"secret_key_file", "/etc/pwreset/secret"},
        {"old_secret_key_files", "/etc/pwreset/old1, /etc/pwreset/old2"},
        {"database", "/srv/blog/site.db"},
        {"base_url", "https://blog.example.org"},
        {"sendmail", "/usr/bin/msmtp -t"},
        {"mail_from", "Blog <blog@example.org>"},
        {"mail_timeout", "31"},
        {"token_max_age", "3601"},
        {"bcrypt_cost", "11"},
        {"templates_dir", "/srv/pwreset/templates"},
        {"cookie_secure", "no"},
        {"legacy_tokens", "yes"},
        {"password_min_length", "9"},
        {"paranoid", "yes"},
        {"throttle_email_seconds", "121"},
        {"throttle_ip_per_hour", "5"},
        {"throttle_login_account", "3"},
        {"throttle_login_account_seconds", "2"},
        {"throttle_login_ip_per_hour", "0"},
        {"throttle_register_ip_per_hour", "4"},
        {"session_max_age", "86401"},
        {"notify_password_change", "no"},
        {"site_name", "Cooking Corner"},
        {"languages", "fr, en"},
        {"locale_dir", "/srv/pwreset/locale"},
        {"site_pages", "no"},
        {"login_url", "https://blog.example.org/login?from=reset"},
        {"flask_secret_key_file", "/etc/pwreset/flask-secret"},
        {"flask_session_cookie", "blog_session"},
        {"flask_session_lifetime", "86402"},
    };
    std::string text;
    for (const auto& [name, value] : file) text += name + " = " + value + "\n";
    const auto config = parse_config(text, "pwreset.conf");
    BOOST_TEST_REQUIRE(config.ok(), why(config));
    check_shown(*config, file);
}

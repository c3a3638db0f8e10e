// The secret files behind the config: the signing secret, the old ones still verified, and
// the Flask site's key, read as an administrator writes them.
#define BOOST_TEST_MODULE secrets
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>

#include "config.h"
#include "config_files.h"

using namespace pwreset;
using namespace config_files;

// The file's bytes minus exactly one trailing newline; everything else is kept.
BOOST_AUTO_TEST_CASE(secret_is_the_file_bytes_minus_one_newline) {
    struct Case {
        std::string bytes;
        std::string secret;
    };
    const Case cases[] = {
        {"abc", "abc"},
        {"abc\n", "abc"},
        {"abc\n\n", "abc\n"},
        {" abc \r\n", " abc \r"},
        {std::string("a\0b\xff", 4), std::string("a\0b\xff", 4)},
    };
    TempDir tmp;
    Config config;
    config.secret_key_file = (tmp.dir / "secret").string();
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.secret) {
            tmp.write("secret", c.bytes);
            const auto keys = load_keyring(config);
            BOOST_TEST_REQUIRE(keys.ok(), why(keys));
            BOOST_TEST(keys->current == c.secret);
            BOOST_TEST(keys->old.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(a_bad_secret_file_is_named_without_its_contents) {
    TempDir tmp;
    struct Case {
        std::string path;
        ConfigError error;
    };
    const Case cases[] = {
        {(tmp.dir / "absent").string(), ConfigError::secret_unreadable},
        {tmp.dir.string(), ConfigError::secret_unreadable},
        {tmp.write("empty", ""), ConfigError::secret_empty},
        {tmp.write("newline", "\n"), ConfigError::secret_empty},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.path) {
            Config config;
            config.secret_key_file = c.path;
            const auto keys = load_keyring(config);
            BOOST_TEST_REQUIRE(!keys.ok());
            BOOST_TEST(keys.error() == c.error);
            BOOST_TEST(starts_with(keys.detail(), c.path + ": "), keys.detail());
        }
    }
}

// The Flask key is read like a secret (one trailing newline dropped); unset, there is none.
BOOST_AUTO_TEST_CASE(the_flask_secret_is_read_like_a_secret) {
    TempDir tmp;
    Config config;
    const auto none = load_flask_secret(config);
    BOOST_TEST_REQUIRE(none.ok(), why(none));
    BOOST_TEST(none->empty());

    config.flask_secret_key_file = tmp.write("flask", "flaskblog-key \xd0\xba\n");
    const auto key = load_flask_secret(config);
    BOOST_TEST_REQUIRE(key.ok(), why(key));
    BOOST_TEST(*key == "flaskblog-key \xd0\xba");

    config.flask_secret_key_file = tmp.write("empty", "\n");
    const auto empty = load_flask_secret(config);
    BOOST_TEST_REQUIRE(!empty.ok());
    BOOST_TEST(empty.error() == ConfigError::secret_empty);
    BOOST_TEST(starts_with(empty.detail(), config.flask_secret_key_file + ": "), empty.detail());
}

BOOST_AUTO_TEST_CASE(a_keyring_needs_secret_key_file_set) {
    const auto keys = load_keyring(Config{});
    BOOST_TEST_REQUIRE(!keys.ok());
    BOOST_TEST(keys.error() == ConfigError::missing_key);
    BOOST_TEST(contains(keys.detail(), "secret_key_file"), keys.detail());
}

BOOST_AUTO_TEST_CASE(old_secrets_are_loaded_in_order_and_each_must_be_good) {
    TempDir tmp;
    Config config;
    config.secret_key_file = tmp.write("current", "new-secret\n");
    config.old_secret_key_files = {tmp.write("old1", "older\n"), tmp.write("old2", "oldest")};
    const auto keys = load_keyring(config);
    BOOST_TEST_REQUIRE(keys.ok(), why(keys));
    BOOST_TEST(keys->current == "new-secret");
    BOOST_TEST_REQUIRE(keys->old.size() == 2u);
    BOOST_TEST(keys->old[0] == "older");
    BOOST_TEST(keys->old[1] == "oldest");

    const std::string empty = tmp.write("old3", "");
    config.old_secret_key_files.push_back(empty);
    const auto bad = load_keyring(config);
    BOOST_TEST_REQUIRE(!bad.ok());
    BOOST_TEST(bad.error() == ConfigError::secret_empty);
    BOOST_TEST(starts_with(bad.detail(), empty + ": "), bad.detail());
}

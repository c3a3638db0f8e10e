// Throttle: client buckets (IPv6 per /64), counting with and without recording, clearing, pruning.
#define BOOST_TEST_MODULE throttle
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <memory>
#include <stdexcept>
#include <string>

#include "config.h"
#include "scratch_db.h"
#include "sqlite_throttle.h"

using namespace pwreset;

namespace {

struct Fixture {
    test::ScratchDir dir;
    std::unique_ptr<Database> db = test::open_db(dir.file("site.db"));
    std::unique_ptr<Throttle> throttle = [this] {
        if (!init_schema(*db)) throw std::runtime_error("init_schema failed");
        auto opened = SqliteThrottle::open(*db);
        if (!opened) throw std::runtime_error("Throttle::open: " + opened.detail());
        return std::move(*opened);
    }();

    int count(const std::string& bucket, std::int64_t window, std::int64_t now) {
        auto counted = throttle->count(bucket, window, now);
        if (!counted) throw std::runtime_error("count: " + counted.detail());
        return *counted;
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(client_addresses_get_one_bucket_per_ipv4_address_or_ipv6_64) {
    struct Case {
        const char* remote_addr;
        const char* bucket;
    };
    const Case cases[] = {
        {"192.0.2.1", "ip:192.0.2.1"},
        {"127.0.0.1", "ip:127.0.0.1"},
        {"::ffff:192.0.2.1", "ip:192.0.2.1"},  // IPv4-mapped: the IPv4 address
        {"::FFFF:c000:0201", "ip:192.0.2.1"},
        {"2001:db8:1:2:3:4:5:6", "ip6:2001:db8:1:2::/64"},
        {"2001:db8:1:2:ffff:ffff:ffff:ffff", "ip6:2001:db8:1:2::/64"},  // same /64
        {"2001:0DB8:0001:0002::1", "ip6:2001:db8:1:2::/64"},
        {"2001:db8:1:3::1", "ip6:2001:db8:1:3::/64"},  // the next /64 counts apart
        {"::1", "ip6:::/64"},
        {"fe80::1", "ip6:fe80::/64"},
        {"", "ip:"},  // no address: one shared bucket
        {"unix:", "ip:unix:"},
        {"192.0.2.1 ", "ip:192.0.2.1 "},  // not an address: kept as it is
    };
    for (const Case& test : cases) {
        BOOST_TEST_CONTEXT("REMOTE_ADDR '" << test.remote_addr << "'") {
            BOOST_TEST(client_bucket(test.remote_addr) == test.bucket);
        }
    }
}

BOOST_AUTO_TEST_CASE(email_buckets_ignore_ascii_case) {
    BOOST_TEST(email_bucket("Zoe@Example.ORG") == "email:zoe@example.org");
    BOOST_TEST(email_bucket("ÉLISE@example.org") == "email:\xc3\x89lise@example.org");
}

BOOST_AUTO_TEST_CASE(count_record_and_clear_work_per_bucket_and_window) {
    Fixture f;
    BOOST_TEST(f.count("login-email:a@example.org", 900, 1000) == 0);
    for (std::int64_t at : {100, 500, 900, 1000})
        BOOST_REQUIRE(f.throttle->record("login-email:a@example.org", at).ok());
    BOOST_REQUIRE(f.throttle->record("login-email:b@example.org", 1000).ok());
    // A window of 900 s at 1000 holds the attempts after 100.
    BOOST_TEST(f.count("login-email:a@example.org", 900, 1000) == 3);
    BOOST_TEST(f.count("login-email:a@example.org", 900, 1000) == 3);  // counting records nothing
    BOOST_TEST(f.count("login-email:a@example.org", 2, 1000) == 1);
    BOOST_TEST(f.count("login-email:b@example.org", 900, 1000) == 1);

    BOOST_REQUIRE(f.throttle->clear("login-email:a@example.org").ok());
    BOOST_TEST(f.count("login-email:a@example.org", 900, 1000) == 0);
    BOOST_TEST(f.count("login-email:b@example.org", 900, 1000) == 1);
}

BOOST_AUTO_TEST_CASE(allow_records_until_the_limit_and_refusals_are_not_recorded) {
    Fixture f;
    for (int attempt = 0; attempt < 3; ++attempt)
        BOOST_TEST(*f.throttle->allow("ip:192.0.2.1", 3, 3600, 1000));
    for (int attempt = 0; attempt < 5; ++attempt)
        BOOST_TEST(!*f.throttle->allow("ip:192.0.2.1", 3, 3600, 1000));
    BOOST_TEST(f.count("ip:192.0.2.1", 3600, 1000) == 3);
    BOOST_TEST(*f.throttle->allow("ip:192.0.2.1", 3, 3600, 4601));
    BOOST_TEST(*f.throttle->allow("ip:192.0.2.1", 0, 3600, 1000));  // 0: no limit, nothing recorded
    BOOST_TEST(f.count("ip:192.0.2.1", 100000, 4601) == 4);
}

BOOST_AUTO_TEST_CASE(prune_drops_what_is_older_than_the_longest_window) {
    Fixture f;
    Config config;
    config.throttle_login_account_seconds = 7200;
    BOOST_TEST(longest_throttle_window(config) == 7200);
    config.throttle_login_account_seconds = 900;
    BOOST_TEST(longest_throttle_window(config) == 3600);  // the hourly per-address limits
    for (std::int64_t at : {1000, 6001, 7000}) BOOST_REQUIRE(f.throttle->record("ip:192.0.2.1", at).ok());
    BOOST_REQUIRE(f.throttle->prune(longest_throttle_window(config), 9600).ok());
    BOOST_TEST(f.count("ip:192.0.2.1", 100000, 9600) == 2);
}

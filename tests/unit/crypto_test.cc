// Unit tests for lib/crypto: HMAC against RFC 4231 and RFC 2202, constant-time equality, RNG and hex.
#define BOOST_TEST_MODULE crypto
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <string>
#include <vector>

#include "crypto.h"

using namespace pwreset;

namespace {

struct HmacCase {
    std::string key;
    std::string message;
    const char* sha512_hex;
    const char* sha256_hex;
};

// RFC 4231 cases 1, 2, 3 and 6, then an empty key and message, then a UTF-8 key.
const HmacCase kHmacCases[] = {
    {std::string(20, '\x0b'), "Hi There",
     "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
     "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
    {"Jefe", "what do ya want for nothing?",
     "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
     "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
    {std::string(20, '\xaa'), std::string(50, '\xdd'),
     "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
     "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
    {std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
     "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
     "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
    {"", "",
     "b936cee86c9f87aa5d3c6f2e84cb5a4239a5fe50480a6ec66b70ab5b1f4ac673"
     "0c6c515421b327ec1d69402e53dfb49ad7381eb067b338fd7b0cb22247225d47",
     "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"},
    {"s\xc3\xa9"
     "cret-\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87",
     "x",
     "72da082a22f7d11345212a43d41cfb849aa468de801ab813882f4ed7d1eb5282"
     "52739bad99802342c3cefdfa3a64c82204d2c06eda5bd5ef0983261dacf527ca",
     "2d0c829368fe0451c1d1389fc8743f0f3ac1434b047bb2974c5953330c936950"},
};

}  // namespace

// Runs first: the pages set libcrypto up this way before anything else, and every MAC and
// random draw must still work.
BOOST_AUTO_TEST_CASE(init_crypto_keeps_hmac_and_randomness_working) {
    init_crypto();
    BOOST_TEST(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    BOOST_TEST(hmac_sha512("Jefe", "what do ya want for nothing?").size() == 64u);
    BOOST_TEST(random_bytes(16) != random_bytes(16));
}

BOOST_AUTO_TEST_CASE(hmac_matches_reference_values) {
    for (const auto& c : kHmacCases) {
        BOOST_TEST_CONTEXT("key of " << c.key.size() << " bytes, message " << c.message.size()) {
            const std::string sha512 = hmac_sha512(c.key, c.message);
            const std::string sha256 = hmac_sha256(c.key, c.message);
            BOOST_TEST(sha512.size() == 64u);
            BOOST_TEST(sha256.size() == 32u);
            BOOST_TEST(to_hex(sha512) == c.sha512_hex);
            BOOST_TEST(to_hex(sha256) == c.sha256_hex);
        }
    }
}

// Keyed contexts are reused per key: many keys in turn, each used again after others,
// must each still give that key's own MAC.
BOOST_AUTO_TEST_CASE(hmac_stays_right_when_many_keys_take_turns) {
    std::vector<std::string> expected;
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 20; ++i) {
            const std::string key = "key-" + std::to_string(i % 10) + std::string(i % 3 * 50, 'x');
            const std::string mac = hmac_sha256(key, "message") + hmac_sha512(key, "message");
            if (round == 0) {
                expected.push_back(mac);
            } else {
                BOOST_TEST(mac == expected[static_cast<std::size_t>(i)]);
            }
        }
    }
    BOOST_TEST(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    std::set<std::string> distinct(expected.begin(), expected.end());
    BOOST_TEST(distinct.size() == 20u);
}

// RFC 2202 cases 1, 2, 3 and 6: the MAC of Flask's session cookie.
BOOST_AUTO_TEST_CASE(hmac_sha1_matches_rfc_2202) {
    const struct {
        std::string key;
        std::string message;
        const char* hex;
    } cases[] = {
        {std::string(20, '\x0b'), "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00"},
        {"Jefe", "what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
        {std::string(20, '\xaa'), std::string(50, '\xdd'), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
        {std::string(80, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
         "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("key of " << c.key.size() << " bytes") {
            BOOST_TEST(to_hex(hmac_sha1(c.key, c.message)) == c.hex);
        }
    }
}

BOOST_AUTO_TEST_CASE(hmac_accepts_a_default_constructed_view_as_empty) {
    BOOST_TEST(hmac_sha512(std::string_view(), std::string_view()) == hmac_sha512("", ""));
}

BOOST_AUTO_TEST_CASE(constant_time_equal_compares_length_and_every_byte) {
    struct Case {
        std::string a;
        std::string b;
        bool equal;
    };
    const Case cases[] = {
        {"", "", true},
        {"abc", "abc", true},
        {std::string("a\0b", 3), std::string("a\0b", 3), true},
        {"abc", "abd", false},
        {"xbc", "abc", false},
        {"abc", "ab", false},
        {"", "a", false},
        {std::string("a\0b", 3), std::string("a\0c", 3), false},
        {std::string(64, '\x01'), std::string(63, '\x01') + '\x02', false},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("'" << to_hex(c.a) << "' vs '" << to_hex(c.b) << "'") {
            BOOST_TEST(constant_time_equal(c.a, c.b) == c.equal);
            BOOST_TEST(constant_time_equal(c.b, c.a) == c.equal);
        }
    }
}

BOOST_AUTO_TEST_CASE(random_bytes_has_the_asked_length_and_varies) {
    for (std::size_t n : {0u, 1u, 16u, 32u, 1000u}) BOOST_TEST(random_bytes(n).size() == n);
    std::set<std::string> draws;
    for (int i = 0; i < 100; ++i) draws.insert(random_bytes(16));
    BOOST_TEST(draws.size() == 100u);
}

// A worker forked after drawing (sendmail, a pre-forking server) must not repeat the
// parent's next nonce.
BOOST_AUTO_TEST_CASE(random_bytes_differ_between_parent_and_forked_child) {
    random_bytes(16);
    int pipe_fds[2];
    BOOST_REQUIRE(pipe(pipe_fds) == 0);
    const pid_t child = fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
        const std::string drawn = random_bytes(16);
        const bool written = write(pipe_fds[1], drawn.data(), drawn.size()) == 16;
        _exit(written ? 0 : 1);
    }
    close(pipe_fds[1]);
    const std::string parent = random_bytes(16);
    char buffer[16];
    const ssize_t got = read(pipe_fds[0], buffer, sizeof buffer);
    close(pipe_fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    BOOST_REQUIRE(got == 16);
    BOOST_TEST(std::string(buffer, 16) != parent);
}

BOOST_AUTO_TEST_CASE(random_bytes_uses_every_byte_value) {
    const std::string bytes = random_bytes(1 << 16);
    std::set<unsigned char> seen(bytes.begin(), bytes.end());
    BOOST_TEST(seen.size() == 256u);
}

BOOST_AUTO_TEST_CASE(to_hex_writes_lower_case_pairs) {
    struct Case {
        std::string bytes;
        const char* hex;
    };
    const Case cases[] = {
        {"", ""},
        {std::string(1, '\0'), "00"},
        {"\x01\x7f\x80\xff", "017f80ff"},
        {"\xab\xcd\xef", "abcdef"},
        {"AZ", "415a"},
    };
    for (const auto& c : cases) BOOST_TEST(to_hex(c.bytes) == c.hex);
}

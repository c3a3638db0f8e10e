// Unit tests for lib/crypto: HMAC against RFC 4231 and RFC 2202, SHA-256, constant-time equality, RNG and hex.
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

// Keyed contexts are kept for the last few keys: many more keys in turn, each used again
// after others have pushed it out, must each still give that key's own MAC.
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

// One key for several messages: the keyed context is kept and must be ready for the next
// message after each MAC, in any order.
BOOST_AUTO_TEST_CASE(hmac_with_one_key_gives_each_message_its_own_mac) {
    const struct {
        const char* message;
        const char* sha512_hex;
        const char* sha256_hex;
        const char* sha1_hex;
    } cases[] = {
        {"first message",
         "ed55cc297053d9009e33a78bf57f8053211b1f9836c8b21123a31235b86e5d5b"
         "890fc42b0cdd1351cc1b726b3e4aa11c50a6a3121746287001b73ba2a9ab37d3",
         "07131b0f2253992993afd44f37cd5fa4f56ae8284f4f898082081f9d12eb5efa",
         "af72d2a2a589002055b26013a43e762665d8a61c"},
        {"a second, longer message than the first",
         "9f1029f80a9d480a0f6ba49301c704aa6df603818af72d0732073310be1c470a"
         "181f08ac42bc10b8dedbb92d0613186a3e2c40b6530e17ebc77617abbb53365c",
         "c6c8ed2b1f8320489029a47c0021ce78b642bf1e48a909905b05637c0e5ba7a1",
         "a23bb83341fad1cd5dcecaf2a2c6d0ba44674da1"},
    };
    for (int round = 0; round < 2; ++round) {
        for (const auto& c : cases) {
            BOOST_TEST_CONTEXT("round " << round << ", message " << c.message) {
                BOOST_TEST(to_hex(hmac_sha512("Jefe", c.message)) == c.sha512_hex);
                BOOST_TEST(to_hex(hmac_sha256("Jefe", c.message)) == c.sha256_hex);
                BOOST_TEST(to_hex(hmac_sha1("Jefe", c.message)) == c.sha1_hex);
            }
        }
    }
}

// Keys on either side of each hash's block size (64 bytes for SHA-1 and SHA-256, 128 for
// SHA-512), where a key stops being used as it is and is hashed first, with a message of
// several blocks. The values are Python's hmac module's.
BOOST_AUTO_TEST_CASE(hmac_hashes_a_key_longer_than_the_block_and_only_then) {
    const struct {
        std::size_t key_bytes;
        const char* sha512_hex;
        const char* sha256_hex;
        const char* sha1_hex;
    } cases[] = {
        {64,
         "eb0cb64b78c988b4ec1483a0c7a502d092eef278e882cb02326792a4631dc68f"
         "9c20f196f082445a428528c436f823cc2142458aa048d7ae550c231bc72c96f7",
         "591404a3f9bc3ce4f853436f534550275f458a087c5e480577d265120096d4c0",
         "de58d100771a581b72d8a1da011db4ec7dc5d8d9"},
        {65,
         "907d41bae4536e5eb223e70cbce794b20509b15442cf5d7daa7c641de87aec2e"
         "b15201a022a6c7a8fc4fe020c103d314f74aeeacda5bf7a09f9ea66d08b73003",
         "61daec709d21b59813e161d4487868eb1ab15a8d930664ac7fe0566de243b28e",
         "5dd5910a921c475452eba250596f7e39e676627b"},
        {128,
         "0532a625a8aad73f79da6ba62ff19008cd716fbc756cafd9353a4548b9b15071"
         "48f1ae5210e629f38ea416f6d43042a0423806479eddb5b452bb0e0d4c8a7590",
         "1204e6a1691c4ef684ab44b3648f4459c963de14f685f9113992173ef20b2aa4",
         "3d306c979eccd4a4ad4a5b3bf0fe990aae2a1b3d"},
        {129,
         "0c1e8e73d8cf975daa3ddc1510c38756d19328ac80c404e8d0d1003d44ebd3e0"
         "00d03bd06afaf9e519e6fdfc235c5ac08661efd84192cc42a9ed28e08f001bcb",
         "4166c208b585f3b79b29e148f9b5d446e1e2dd91d0ce795d53bae18eaadfa253",
         "1a8eab20e2f9e9ed240de5774c0441c5f4d7ad6e"},
    };
    std::string message;
    for (int i = 0; i < 40; ++i) message += "pwreset ";
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("key of " << c.key_bytes << " bytes") {
            const std::string key(c.key_bytes, 'Z');
            BOOST_TEST(to_hex(hmac_sha512(key, message)) == c.sha512_hex);
            BOOST_TEST(to_hex(hmac_sha256(key, message)) == c.sha256_hex);
            BOOST_TEST(to_hex(hmac_sha1(key, message)) == c.sha1_hex);
        }
    }
}

// FIPS 180-2's examples: the empty message, one block, and two blocks.
BOOST_AUTO_TEST_CASE(sha256_matches_fips_180_examples) {
    const struct {
        const char* message;
        const char* hex;
    } cases[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("message " << c.message) { BOOST_TEST(to_hex(sha256(c.message)) == c.hex); }
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

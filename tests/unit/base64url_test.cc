// Unit tests for lib/base64url: itsdangerous' unpadded URL-safe alphabet and strict decoding.
#define BOOST_TEST_MODULE base64url
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>

#include "base64url.h"
#include "crypto.h"

using namespace pwreset;

namespace {

struct Pair {
    std::string bytes;
    std::string text;
};

// RFC 4648 section 10 without padding, plus bytes that use the URL-safe characters.
const Pair kPairs[] = {
    {"", ""},
    {"f", "Zg"},
    {"fo", "Zm8"},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg"},
    {"fooba", "Zm9vYmE"},
    {"foobar", "Zm9vYmFy"},
    {"\xfb\xff", "-_8"},
    {"\xff\xff\xff", "____"},
    {"\xfb\xef\xbe", "----"},
    {std::string(3, '\0'), "AAAA"},
    {"{\"user_id\":1}", "eyJ1c2VyX2lkIjoxfQ"},
};

}  // namespace

BOOST_AUTO_TEST_CASE(encodes_and_decodes_known_pairs) {
    for (const auto& p : kPairs) {
        BOOST_TEST_CONTEXT("text '" << p.text << "'") {
            BOOST_TEST(base64url_encode(p.bytes) == p.text);
            const auto decoded = base64url_decode(p.text);
            BOOST_TEST_REQUIRE(decoded.has_value());
            BOOST_TEST(*decoded == p.bytes);
        }
    }
}

BOOST_AUTO_TEST_CASE(round_trips_every_byte_value_at_every_length_remainder) {
    std::string all;
    for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
    for (std::size_t length = 0; length <= all.size(); ++length) {
        const std::string bytes = all.substr(all.size() - length);
        const std::string text = base64url_encode(bytes);
        BOOST_TEST(text.find_first_of("+/=") == std::string::npos);
        BOOST_TEST(text.size() == (length * 4 + 2) / 3);
        BOOST_TEST((base64url_decode(text) == std::optional<std::string>(bytes)));
    }
}

BOOST_AUTO_TEST_CASE(round_trips_random_bytes) {
    for (int i = 0; i < 200; ++i) {
        const std::string bytes = random_bytes(static_cast<std::size_t>(i));
        const std::optional<std::string> decoded = base64url_decode(base64url_encode(bytes));
        BOOST_TEST((decoded == std::optional<std::string>(bytes)));
    }
}

BOOST_AUTO_TEST_CASE(refuses_anything_but_canonical_unpadded_text) {
    const std::string rejected[] = {
        "Zg==",         // padding
        "Zm8=",         // padding
        "Z",            // one character over a group
        "Zm9vY",        // one character over a group
        "Zh",           // non-zero unused bits (would also read as "f")
        "Zm9",          // non-zero unused bits (would also read as "fo")
        "Zm9v+A",       // standard alphabet
        "Zm9v/A",       // standard alphabet
        " Zm9v",        // white space
        "Zm9v\n",       // white space
        "Zm 9v",        // white space
        "Zm9v.Zg",      // separator
        "Zm9\xc3\xa9",  // non-ASCII
        std::string("Zm\0v", 4),
    };
    for (const auto& text : rejected) {
        BOOST_TEST_CONTEXT("text '" << text << "'") { BOOST_TEST(!base64url_decode(text).has_value()); }
    }
}

BOOST_AUTO_TEST_CASE(every_single_character_change_decodes_differently_or_fails) {
    const std::string bytes = random_bytes(64);
    const std::string text = base64url_encode(bytes);
    for (std::size_t i = 0; i < text.size(); ++i) {
        for (char replacement : std::string("AQgw-_=.+/ ")) {
            if (replacement == text[i]) continue;
            std::string changed = text;
            changed[i] = replacement;
            const auto decoded = base64url_decode(changed);
            BOOST_TEST((!decoded || *decoded != bytes), "position " << i << " -> " << replacement);
        }
    }
}

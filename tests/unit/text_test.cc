// The shared text helpers: ASCII case, trimming, hex and UTF-8, each against a table.
#define BOOST_TEST_MODULE text
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>

#include "text.h"

using namespace pwreset;

BOOST_AUTO_TEST_CASE(ascii_case_leaves_other_bytes_alone) {
    struct Case {
        std::string text;
        std::string lower;
    };
    const Case cases[] = {
        {"", ""},
        {"Alice@Example.ORG", "alice@example.org"},
        {"az AZ 09 @[`{", "az az 09 @[`{"},
        {"\xc3\x89t\xc3\xa9", "\xc3\x89t\xc3\xa9"},  // "Été": no byte of it is ASCII A-Z
        {std::string("A\0B", 3), std::string("a\0b", 3)},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("\"" << c.text << "\"") {
            BOOST_TEST(lower_ascii(c.text) == c.lower);
            BOOST_TEST(iequals(c.text, c.lower));
        }
    }
}

BOOST_AUTO_TEST_CASE(iequals_table) {
    struct Case {
        std::string a, b;
        bool equal;
    };
    const Case cases[] = {
        {"", "", true},
        {"Content-Type", "content-type", true},
        {"SET-COOKIE", "Set-Cookie", true},
        {"abc", "abd", false},
        {"abc", "ab", false},
        {"@", "`", false},  // one apart from 'A'/'a' in ASCII, but not letters
        {"[", "{", false},
        {"\xc3\x89", "\xc3\xa9", false},  // É and é: not ASCII
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("\"" << c.a << "\" vs \"" << c.b << "\"") {
            BOOST_TEST(iequals(c.a, c.b) == c.equal);
            BOOST_TEST(iequals(c.b, c.a) == c.equal);
        }
    }
}

BOOST_AUTO_TEST_CASE(ascii_alnum_table) {
    for (int c = 0; c < 256; ++c) {
        const bool expected = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        BOOST_TEST_CONTEXT("byte " << c) { BOOST_TEST(is_ascii_alnum(static_cast<char>(c)) == expected); }
    }
}

BOOST_AUTO_TEST_CASE(trim_table) {
    struct Case {
        std::string text;
        std::string trimmed;
    };
    const Case cases[] = {
        {"", ""},
        {"   ", ""},
        {"key", "key"},
        {"  key = value \t", "key = value"},
        {"\tvalue\r", "value"},
        {"value\r\n", "value"},
        {"a b", "a b"},
        {"\x0b"
         "v\x0c",
         "\x0b"
         "v\x0c"},                                   // vertical tab and form feed are kept
        {"\xc2\xa0x\xc2\xa0", "\xc2\xa0x\xc2\xa0"},  // no-break space is not ASCII space
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("\"" << c.text << "\"") { BOOST_TEST(std::string(trim(c.text)) == c.trimmed); }
    }
}

BOOST_AUTO_TEST_CASE(to_hex_table) {
    struct Case {
        std::string bytes;
        std::string hex;
    };
    const Case cases[] = {
        {"", ""},
        {std::string(1, '\0'), "00"},
        {"\x01\x7f\x80\xff", "017f80ff"},
        {"pwreset", "70777265736574"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("\"" << c.hex << "\"") {
            BOOST_TEST(to_hex(c.bytes) == c.hex);
            BOOST_TEST(is_lower_hex(c.hex));
        }
    }
}

BOOST_AUTO_TEST_CASE(hex_digit_tables) {
    struct Digits {
        std::uint32_t value;
        int digits;
        HexCase letters;
        std::string text;
    };
    const Digits digits[] = {
        {0x0, 2, HexCase::lower, "00"},       {0x1f, 4, HexCase::lower, "001f"},
        {0xe9, 2, HexCase::upper, "E9"},      {0xd83d, 4, HexCase::lower, "d83d"},
        {0x12345, 4, HexCase::lower, "2345"}, {0xab, 1, HexCase::upper, "B"},
    };
    for (const Digits& d : digits) {
        BOOST_TEST_CONTEXT(d.text) { BOOST_TEST(hex_digits(d.value, d.digits, d.letters) == d.text); }
    }
    struct Check {
        std::string text;
        bool lower_hex;
    };
    const Check checks[] = {
        {"", true}, {"0123456789abcdef", true}, {"ABCDEF", false}, {"0g", false}, {"a b", false},
    };
    for (const Check& c : checks) {
        BOOST_TEST_CONTEXT("\"" << c.text << "\"") { BOOST_TEST(is_lower_hex(c.text) == c.lower_hex); }
    }
    for (int c = 0; c < 256; ++c) {
        const bool expected = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
        BOOST_TEST_CONTEXT("byte " << c) { BOOST_TEST(is_hex_digit(static_cast<char>(c)) == expected); }
    }
}

BOOST_AUTO_TEST_CASE(utf8_validity_table) {
    struct Case {
        std::string text;
        std::size_t first_length;  // utf8_sequence_length at 0; 0 when none starts there
        bool clean;
    };
    const Case cases[] = {
        {"plain ascii", 1, true},
        {"tab\tcr\rlf\n", 1, true},
        {"del\x7f", 1, true},
        {"\xc3\xa9", 2, true},              // é
        {"\xe2\x82\xac", 3, true},          // €
        {"\xef\xbf\xbf", 3, true},          // U+FFFF
        {"\xf0\x9f\x98\x80", 4, true},      // 😀
        {"\xf4\x8f\xbf\xbf", 4, true},      // U+10FFFF
        {std::string("\0b", 2), 1, false},  // NUL: well-formed, not clean
        {"\x07", 1, false},                 // bell
        {"\x1b", 1, false},                 // escape
        {"\xc0\xaf", 0, false},             // overlong '/'
        {"\xc1\xbf", 0, false},             // overlong
        {"\xe0\x80\xaf", 0, false},         // overlong
        {"\xf0\x80\x80\xaf", 0, false},     // overlong
        {"\xed\xa0\x80", 0, false},         // surrogate U+D800
        {"\xed\xbf\xbf", 0, false},         // surrogate U+DFFF
        {"\xf4\x90\x80\x80", 0, false},     // above U+10FFFF
        {"\xf5\x80\x80\x80", 0, false},
        {"\xc3", 0, false},          // truncated
        {"\xe2\x82", 0, false},      // truncated
        {"\xf0\x9f\x98", 0, false},  // truncated
        {"\x80", 0, false},          // lone continuation
        {"\xc3\x28", 0, false},      // bad continuation
        {"\xff", 0, false},
        {"\xfe", 0, false},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("case " << (&c - cases)) {
            BOOST_TEST(utf8_sequence_length(c.text, 0) == c.first_length);
            BOOST_TEST(is_clean_utf8(c.text) == c.clean);
            BOOST_TEST(is_clean_utf8("ok " + c.text + " ok") == c.clean);
        }
    }
    BOOST_TEST(is_clean_utf8(""));
}

BOOST_AUTO_TEST_CASE(code_points_walk_and_round_trip) {
    struct Case {
        std::string text;
        std::u32string code_points;
    };
    const Case cases[] = {
        {"", U""},
        {"abc", U"abc"},
        {"caf\xc3\xa9", U"caf\u00e9"},
        {"\xe2\x82\xac"
         "1",
         U"\u20ac1"},
        {"\xf0\x9f\x98\x80!", U"\U0001F600!"},
        {"\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xf4\x8f\xbf\xbf", U"\u007f\u0080\u07ff\u0800\U0010FFFF"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("case " << (&c - cases)) {
            std::u32string walked;
            for (std::size_t pos = 0; pos < c.text.size();) walked += next_code_point(c.text, pos);
            BOOST_TEST((walked == c.code_points));
            BOOST_TEST(count_code_points(c.text) == c.code_points.size());
            std::string encoded;
            for (char32_t code_point : c.code_points) append_utf8(encoded, code_point);
            BOOST_TEST(encoded == c.text);
        }
    }
}

// Bytes that are not UTF-8 still move the walk on, one code point per stray byte.
BOOST_AUTO_TEST_CASE(a_walk_over_stray_bytes_ends) {
    struct Case {
        std::string text;
        std::size_t count;
    };
    const Case cases[] = {
        {"\x80", 1}, {"\x80\x80", 2}, {"\xc3", 1}, {"\xc3(", 2}, {"\xe2\x82", 1}, {"\xff\xfe", 2},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("case " << (&c - cases)) { BOOST_TEST(count_code_points(c.text) == c.count); }
    }
}

BOOST_AUTO_TEST_CASE(utf8_prefix_never_cuts_a_character) {
    struct Case {
        std::string text;
        std::size_t max_bytes;
        std::string prefix;
    };
    const Case cases[] = {
        {"abc", 5, "abc"},
        {"abc", 2, "ab"},
        {"abc", 0, ""},
        {"a\xc3\xa9", 2, "a"},
        {"a\xc3\xa9", 3, "a\xc3\xa9"},
        {"\xe2\x82\xac\xe2\x82\xac", 5, "\xe2\x82\xac"},
        {"\xf0\x9f\x98\x80x", 3, ""},
        {"\xf0\x9f\x98\x80x", 4, "\xf0\x9f\x98\x80"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("case " << (&c - cases)) {
            BOOST_TEST(std::string(utf8_prefix(c.text, c.max_bytes)) == c.prefix);
        }
    }
}

BOOST_AUTO_TEST_CASE(tokens_are_header_names_and_cookie_names) {
    struct Case {
        std::string text;
        bool token;
    };
    const Case cases[] = {
        {"Content-Type", true},
        {"__Host-session", true},
        {"!#$%&'*+-.^_`|~", true},
        {"a1", true},
        {"", false},
        {"a b", false},
        {"a=b", false},
        {"a;b", false},
        {"\"a\"", false},
        {"a:b", false},
        {"\xc3\xa9", false},
        {std::string("a\0b", 3), false},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("\"" << c.text << "\"") { BOOST_TEST(is_token(c.text) == c.token); }
    }
}

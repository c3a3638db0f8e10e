// is_local_path: which `next` values login may redirect to; everything else goes home.
#define BOOST_TEST_MODULE local_path
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>

#include "local_path.h"

using namespace pwreset;

BOOST_AUTO_TEST_CASE(only_plain_paths_on_this_site_are_accepted) {
    struct Case {
        std::string next;  // as login sees it, after the query string was decoded once
        bool local;
    };
    const Case cases[] = {
        {"/", true},
        {"/home", true},
        {"/reset_password", true},
        {"/home?tab=posts&page=2", true},
        {"/a/b;c=d/e:f@g/h-i_j.k~l!$'()*+,", true},
        {"/caf%C3%A9", true},
        {"/%7Euser", true},
        {"/a%20b", false},  // a space once decoded
        {"/search?q=a/b?c", true},
        {"", false},
        {"home", false},
        {"evil.example", false},
        {"https://evil.example", false},
        {"http:/evil.example", false},
        {"javascript:alert(1)", false},
        {"//evil.example", false},
        {"///evil.example", false},
        {"/\\evil.example", false},
        {"/a\\b", false},
        {"/\t/evil.example", false},
        {"\t/evil.example", false},
        {"/\n/evil.example", false},
        {"/\r\nSet-Cookie: x=1", false},
        {"/ /evil.example", false},
        {"/home ", false},
        {std::string("/\0/evil.example", 16), false},
        {"/\x7f", false},
        {"/caf\xc3\xa9", false},  // raw bytes beyond ASCII are not URI characters
        {"/a#top", false},
        {"/a\"b", false},
        {"/<script>", false},
        {"/%", false},
        {"/%4", false},
        {"/%zz", false},
        {"/%09/evil.example", false},  // tab once decoded
        {"/%0d%0aSet-Cookie:x=1", false},
        {"/%00", false},
        {"/%2F%2Fevil.example", false},  // "///evil.example" once decoded
        {"/%2f/evil.example", false},
        {"/%2F", false},
        {"/%5Cevil.example", false},  // "/\evil.example"
        {"/%5cevil.example", false},
        {"/%252F/evil.example", false},  // twice encoded
        {"/%25252F/evil.example", false},
        {"/%2525252525252F", false},  // deeper than any decoder goes: refused
        {"/a%2Fb", true},             // an encoded slash inside the path is harmless
        {"/a+b", true},               // '+' in a path is a plus sign, not a space
        {"/%2B", true},
        {"/100%25", true},
    };
    for (const Case& test : cases) {
        BOOST_TEST_CONTEXT("next '" << test.next << "'") {
            BOOST_TEST(is_local_path(test.next) == test.local);
        }
    }
}

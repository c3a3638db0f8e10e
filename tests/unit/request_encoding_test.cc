// Request decoding: UTF-8 hygiene on every field, percent-decoding, cookie headers.
#define BOOST_TEST_MODULE request_encoding
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "fake_exchange.h"

using namespace pwreset;
using namespace pwreset::test;

BOOST_AUTO_TEST_CASE(unclean_input_anywhere_is_bad_encoding) {
    struct Case {
        const char* what;
        std::string query;
        std::string cookie;
        std::string body;
        bool ok;
    };
    const Case cases[] = {
        {"multi-byte everywhere", "q=caf%C3%A9", "c=\xc3\xa9", "a=%E2%82%AC", true},
        {"%00 in form value", "", "", "a=x%00y", false},
        {"%FF in form value", "", "", "a=%FF", false},
        {"%FF in form name", "", "", "%FF=1", false},
        {"overlong in form", "", "", "a=%C0%AF", false},
        {"surrogate in form", "", "", "a=%ED%A0%80", false},
        {"truncated in form", "", "", "a=%E2%82", false},
        {"control in form", "", "", "a=%01", false},
        {"%00 in query", "q=%00", "", "", false},
        {"%FF in query name", "%FF=1", "", "", false},
        // Cookies are never a reason to refuse: see request_test.cc.
        {"raw 0xFF in a foreign cookie", "", "c=\xff", "", true},
        {"raw 0xFF in a foreign cookie name", "", "\xff=1", "", true},
        {"raw 0xFF in our cookie", "", "__Host-pwreset_csrf=\xff", "", true},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.what) {
            Params params = post_params(std::to_string(c.body.size()));
            params["QUERY_STRING"] = c.query;
            params["HTTP_COOKIE"] = c.cookie;
            FakeExchange exchange(params, c.body);
            const auto request = read_request(exchange, our_cookies());
            BOOST_TEST(request.ok() == c.ok);
            if (!c.ok) BOOST_TEST(request.error() == RequestError::bad_encoding);
        }
    }
}

// cgicc::form_urldecode's rules for query strings and bodies alike: '+' is a space, %XX a
// byte, and a '%' that starts no escape stays as it is.
BOOST_AUTO_TEST_CASE(fields_decode_like_browsers_send_them) {
    struct Case {
        std::string text;
        Pairs expected;
    };
    const Case cases[] = {
        {"", {}},
        {"q=hello+world", {{"q", "hello world"}}},
        {"q=hello%20world", {{"q", "hello world"}}},
        {"q=a%2Bb%26c%3Dd", {{"q", "a+b&c=d"}}},
        {"a=&b=", {{"a", ""}, {"b", ""}}},
        {"q=100%", {{"q", "100%"}}},
        {"q=%zz", {{"q", "%zz"}}},
        {"q=%4", {{"q", "%4"}}},
        {"q=%4g", {{"q", "%4g"}}},
        {"q=%%41", {{"q", "%A"}}},
        {"q=caf%c3%a9", {{"q", "caf\xc3\xa9"}}},
        {"next=%2Fhome%3Ftab%3D1", {{"next", "/home?tab=1"}}},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("\"" << c.text << "\"") {
            const auto from_query = get_with_query(c.text);
            BOOST_REQUIRE(from_query.ok());
            BOOST_TEST(show(from_query->query) == show(c.expected));
            const auto from_body = post(c.text);
            BOOST_REQUIRE(from_body.ok());
            BOOST_TEST(show(from_body->form) == show(c.expected));
        }
    }
}

// Cookies as cgicc splits the header: at ';', a name without '=' dropped, leading white
// space off the name, nothing decoded. Every one not ours stays readable by site_cookie.
BOOST_AUTO_TEST_CASE(cookie_headers_split_by_cgiccs_rules) {
    struct Case {
        std::string header;
        Pairs expected;
    };
    const Case cases[] = {
        {"", {}},
        {"a=1", {{"a", "1"}}},
        {"a=1; b=2", {{"a", "1"}, {"b", "2"}}},
        {"a=1;b=2", {{"a", "1"}, {"b", "2"}}},
        {"  a=1;\tb=2", {{"a", "1"}, {"b", "2"}}},
        {"a=1; a=2", {{"a", "1"}, {"a", "2"}}},
        {"session=x.y=z", {{"session", "x.y=z"}}},
        {"a=; b=2", {{"a", ""}, {"b", "2"}}},
        {"novalue; b=2", {{"b", "2"}}},
        {";;a=1;;", {{"a", "1"}}},
        {"q=\"quoted\"", {{"q", "\"quoted\""}}},
        {"e=%41+b", {{"e", "%41+b"}}},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("\"" << c.header << "\"") {
            FakeExchange exchange(Params{{"REQUEST_METHOD", "GET"}, {"HTTP_COOKIE", c.header}});
            const auto request = read_request(exchange, our_cookies());
            BOOST_REQUIRE(request.ok());
            BOOST_TEST(show(request->site_cookies) == show(c.expected));
            BOOST_TEST(request->cookies.empty());
        }
    }
}

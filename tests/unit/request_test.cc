// Request reading: length and type checks before any body read, methods, paths, lookups.
#define BOOST_TEST_MODULE request
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "fake_exchange.h"

using namespace pwreset;
using namespace pwreset::test;

BOOST_AUTO_TEST_CASE(post_without_content_length_is_bad_length) {
    FakeExchange exchange({{"REQUEST_METHOD", "POST"}, {"CONTENT_TYPE", kForm}}, "a=1");
    const auto request = read_request(exchange, our_cookies());
    BOOST_REQUIRE(!request);
    BOOST_TEST(request.error() == RequestError::bad_length);
    BOOST_TEST(exchange.bytes_read() == 0u);
}

BOOST_AUTO_TEST_CASE(bad_content_lengths_are_refused_before_reading) {
    struct Case {
        std::string length;
        RequestError error;
    };
    const Case cases[] = {
        {"", RequestError::bad_length},
        {"abc", RequestError::bad_length},
        {"-5", RequestError::bad_length},
        {"+5", RequestError::bad_length},
        {"5 ", RequestError::bad_length},
        {"0x10", RequestError::bad_length},
        {"16385", RequestError::body_too_large},
        {"1000000", RequestError::body_too_large},
        {"99999999999999999999999999", RequestError::body_too_large},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("CONTENT_LENGTH=\"" << c.length << "\"") {
            FakeExchange exchange(post_params(c.length), std::string(20000, 'a'));
            const auto request = read_request(exchange, our_cookies());
            BOOST_REQUIRE(!request);
            BOOST_TEST(request.error() == c.error);
            BOOST_TEST(exchange.bytes_read() == 0u);
        }
    }
}

BOOST_AUTO_TEST_CASE(body_of_exactly_the_limit_is_accepted) {
    const std::string body = "a=" + std::string(kMaxBodyBytes - 2, 'x');
    const auto request = post(body);
    BOOST_REQUIRE(request.ok());
    BOOST_REQUIRE(request->field("a"));
    BOOST_TEST(request->field("a")->size() == kMaxBodyBytes - 2);
}

BOOST_AUTO_TEST_CASE(body_shorter_than_content_length_is_bad_length) {
    FakeExchange exchange(post_params("10"), "a=1");
    const auto request = read_request(exchange, our_cookies());
    BOOST_REQUIRE(!request);
    BOOST_TEST(request.error() == RequestError::bad_length);
}

BOOST_AUTO_TEST_CASE(only_content_length_bytes_are_read) {
    FakeExchange exchange(post_params("3"), "a=1&b=2");
    const auto request = read_request(exchange, our_cookies());
    BOOST_REQUIRE(request.ok());
    BOOST_TEST(exchange.bytes_read() == 3u);
    BOOST_TEST(show(request->form) == show(Pairs{{"a", "1"}}));
}

BOOST_AUTO_TEST_CASE(empty_post_body_gives_empty_form) {
    FakeExchange exchange(post_params("0"));
    const auto request = read_request(exchange, our_cookies());
    BOOST_REQUIRE(request.ok());
    BOOST_TEST(request->form.empty());
}

// cgicc reads a body for "post" and "put" in any spelling, trusting CONTENT_LENGTH: only
// POST may have one read, and only after the length is checked.
BOOST_AUTO_TEST_CASE(only_post_ever_reads_the_body) {
    for (const char* method : {"GET", "HEAD", "PUT", "put", "post", "Post", "PATCH"}) {
        for (const char* length : {"3", "99999999999"}) {
            BOOST_TEST_CONTEXT(method << " with CONTENT_LENGTH " << length) {
                FakeExchange exchange({{"REQUEST_METHOD", method},
                                       {"CONTENT_LENGTH", length},
                                       {"CONTENT_TYPE", kForm},
                                       {"QUERY_STRING", "q=1"}},
                                      "a=1");
                const auto request = read_request(exchange, our_cookies());
                BOOST_REQUIRE(request.ok());
                BOOST_TEST(exchange.bytes_read() == 0u);
                BOOST_TEST(request->form.empty());
                BOOST_TEST(show(request->query) == show(Pairs{{"q", "1"}}));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(only_urlencoded_posts_are_accepted) {
    struct Case {
        const char* type;  // nullptr: header absent
        bool ok;
    };
    const Case cases[] = {
        {"application/x-www-form-urlencoded", true},
        {"application/x-www-form-urlencoded; charset=UTF-8", true},
        {"Application/X-WWW-Form-URLEncoded;charset=utf-8", true},
        {" application/x-www-form-urlencoded ", true},
        {"multipart/form-data; boundary=xyz", false},
        {"text/plain", false},
        {"application/json", false},
        {"application/x-www-form-urlencodedx", false},
        {"", false},
        {nullptr, false},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("CONTENT_TYPE=" << (c.type ? c.type : "(absent)")) {
            Params params = post_params("3");
            if (c.type)
                params["CONTENT_TYPE"] = c.type;
            else
                params.erase("CONTENT_TYPE");
            FakeExchange exchange(params, "a=1");
            const auto request = read_request(exchange, our_cookies());
            BOOST_TEST(request.ok() == c.ok);
            if (c.ok) {
                BOOST_TEST(show(request->form) == show(Pairs{{"a", "1"}}));
            } else {
                BOOST_TEST(request.error() == RequestError::bad_content_type);
                BOOST_TEST(exchange.bytes_read() == 0u);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(post_form_fields_are_decoded_and_kept_apart_from_the_query) {
    const std::string body = "email=a%40b.example&password=p+w%26&email=second&csrf_token=t";
    Params params =
        post_params(std::to_string(body.size()), "application/x-www-form-urlencoded; charset=UTF-8");
    params["QUERY_STRING"] = "next=%2Fhome&email=fromquery";
    params["HTTP_COOKIE"] = "__Host-pwreset_session=s1; __Host-pwreset_csrf=c1";
    FakeExchange exchange(params, body);
    const auto request = read_request(exchange, our_cookies());
    BOOST_REQUIRE(request.ok());
    BOOST_TEST(request->method == Method::post);
    BOOST_TEST(request->method_name == "POST");
    BOOST_TEST(
        show(request->form) ==
        show(
            Pairs{{"email", "a@b.example"}, {"password", "p w&"}, {"email", "second"}, {"csrf_token", "t"}}));
    BOOST_REQUIRE(request->field("email"));
    BOOST_TEST(*request->field("email") == "a@b.example");
    BOOST_TEST(*request->field("password") == "p w&");
    BOOST_TEST(!request->field("next"));
    BOOST_TEST(!request->field("missing"));
    BOOST_REQUIRE(request->query_param("email"));
    BOOST_TEST(*request->query_param("email") == "fromquery");
    BOOST_TEST(*request->query_param("next") == "/home");
    BOOST_TEST(!request->query_param("password"));
    BOOST_REQUIRE(request->cookie("__Host-pwreset_csrf"));
    BOOST_TEST(*request->cookie("__Host-pwreset_csrf") == "c1");
    BOOST_TEST(!request->cookie("email"));
}

// Another app on the domain may set any cookie with any bytes (a sibling host even under our
// plain names): only pwreset's own names for the setting are kept, and only with clean
// values, so no such cookie can turn every page into a 400.
BOOST_AUTO_TEST_CASE(only_our_cookies_are_kept_and_a_foreign_one_never_fails_the_request) {
    struct Case {
        const char* what;
        std::string header;
        bool secure;
        Pairs kept;
    };
    const Case cases[] = {
        {"%ff in a foreign value",
         "other=%ff; __Host-pwreset_session=s1",
         true,
         {{"__Host-pwreset_session", "s1"}}},
        {"raw 0xff in a foreign value",
         "other=\xff\xfe; __Host-pwreset_csrf=c1",
         true,
         {{"__Host-pwreset_csrf", "c1"}}},
        {"raw 0xff in a foreign name",
         "\xff=1; __Host-pwreset_flash=f1",
         true,
         {{"__Host-pwreset_flash", "f1"}}},
        {"controls in a foreign value",
         "other=a\x01\x1b; __Host-pwreset_csrf=c1",
         true,
         {{"__Host-pwreset_csrf", "c1"}}},
        {"Flask's session",
         "session=eyJ.flask; __Host-pwreset_session=s1",
         true,
         {{"__Host-pwreset_session", "s1"}}},
        {"a plain name when secure",
         "pwreset_session=planted; __Host-pwreset_session=s1",
         true,
         {{"__Host-pwreset_session", "s1"}}},
        {"plain names when not secure",
         "pwreset_session=s1; __Host-pwreset_csrf=c1; pwreset_csrf=c2",
         false,
         {{"pwreset_session", "s1"}, {"pwreset_csrf", "c2"}}},
        {"one of ours with raw 0xff",
         "__Host-pwreset_csrf=\xff; __Host-pwreset_session=s1",
         true,
         {{"__Host-pwreset_session", "s1"}}},
        {"one of ours with a control", "__Host-pwreset_csrf=a\x01", true, {}},
        {"only foreign ones", "a=1; b=\xc0\xaf", true, {}},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.what) {
            Params params = post_params("3");
            params["HTTP_COOKIE"] = c.header;
            FakeExchange exchange(params, "a=1");
            const auto request = read_request(exchange, cookie_names(c.secure));
            BOOST_REQUIRE(request.ok());
            BOOST_TEST(show(request->cookies) == show(c.kept));
            BOOST_TEST(show(request->form) == show(Pairs{{"a", "1"}}));
        }
    }
}

// One set of rules, cgicc's, for a POST body and a query string: pairs end at '&' or ';', a
// name without '=' before an '&' gets an empty value, one at the very end is dropped.
BOOST_AUTO_TEST_CASE(bodies_and_query_strings_split_by_cgiccs_rules) {
    struct Case {
        std::string text;
        Pairs expected;
    };
    const Case cases[] = {
        {"a=1&b=2", {{"a", "1"}, {"b", "2"}}},
        {"a=1;b=2", {{"a", "1"}, {"b", "2"}}},
        {"a&b=2", {{"a", ""}, {"b", "2"}}},
        {"a=1&b", {{"a", "1"}}},
        {"flag", {}},
        {"&&a=1&&", {{"a", "1"}}},
        {"a=1&=2", {{"a", "1"}, {"", "2"}}},
        {"q=a=b", {{"q", "a=b"}}},
        {"a=1&b=2&a=3", {{"a", "1"}, {"b", "2"}, {"a", "3"}}},
        {"e%6Dail=a%40b&x=1+2", {{"email", "a@b"}, {"x", "1 2"}}},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("\"" << c.text << "\"") {
            const auto request = post(c.text);
            BOOST_REQUIRE(request.ok());
            BOOST_TEST(show(request->form) == show(c.expected));
            const auto from_query = get_with_query(c.text);
            BOOST_REQUIRE(from_query.ok());
            BOOST_TEST(show(from_query->query) == show(c.expected));
        }
    }
}

BOOST_AUTO_TEST_CASE(methods_are_classified_and_named_as_sent) {
    struct Case {
        const char* name;  // nullptr: REQUEST_METHOD absent
        Method method;
    };
    const Case cases[] = {
        {"GET", Method::get},   {"HEAD", Method::head},  {"PUT", Method::other},   {"DELETE", Method::other},
        {"get", Method::other}, {"post", Method::other}, {nullptr, Method::other},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT((c.name ? c.name : "(absent)")) {
            Params params;
            if (c.name) params["REQUEST_METHOD"] = c.name;
            FakeExchange exchange(params, "a=1");
            const auto request = read_request(exchange, our_cookies());
            BOOST_REQUIRE(request.ok());
            BOOST_TEST(request->method == c.method);
            BOOST_TEST(request->method_name == (c.name ? c.name : ""));
            BOOST_TEST(exchange.bytes_read() == 0u);
        }
    }
}

BOOST_AUTO_TEST_CASE(path_prefers_document_uri) {
    struct Case {
        Params params;
        std::string path;
    };
    const Case cases[] = {
        {{{"DOCUMENT_URI", "/reset_password/abc"}, {"SCRIPT_NAME", "/cgi"}, {"PATH_INFO", "/x"}},
         "/reset_password/abc"},
        {{{"DOCUMENT_URI", ""}, {"SCRIPT_NAME", "/reset_password"}, {"PATH_INFO", "/tok"}},
         "/reset_password/tok"},
        {{{"SCRIPT_NAME", "/login"}}, "/login"},
        {{{"PATH_INFO", "/home"}}, "/home"},
        {{}, ""},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("case " << (&c - cases)) {
            Params params = c.params;
            params["REQUEST_METHOD"] = "GET";
            FakeExchange exchange(params);
            const auto request = read_request(exchange, our_cookies());
            BOOST_REQUIRE(request.ok());
            BOOST_TEST(request->path == c.path);
        }
    }
}

BOOST_AUTO_TEST_CASE(remote_address_is_taken_from_the_server) {
    FakeExchange exchange(Params{{"REQUEST_METHOD", "GET"}, {"REMOTE_ADDR", "203.0.113.7"}});
    const auto request = read_request(exchange, our_cookies());
    BOOST_REQUIRE(request.ok());
    BOOST_TEST(request->remote_addr == "203.0.113.7");
}

// Flask's session cookie is read as sent, though `cookies` keeps only ours.
BOOST_AUTO_TEST_CASE(a_cookie_of_the_site_beside_us_is_read_from_the_header) {
    FakeExchange exchange(Params{{"REQUEST_METHOD", "GET"},
                                 {"HTTP_COOKIE", "csrf=c1; session=.eJxx.aSmx.sig; session=second"}});
    auto request = read_request(exchange, our_cookies());
    BOOST_REQUIRE(request.ok());
    BOOST_TEST(!request->cookie("session"));
    BOOST_TEST(request->site_cookie("session").value_or("") == ".eJxx.aSmx.sig");
    BOOST_TEST(!request->site_cookie("remember_token").has_value());
}

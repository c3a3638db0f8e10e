// Response: exact CGI bytes, redirects, header and cookie hygiene, HEAD without a body.
#define BOOST_TEST_MODULE response
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>

#include "response.h"

using namespace pwreset;

BOOST_AUTO_TEST_CASE(serializes_status_headers_cookies_length_and_body_exactly) {
    Response response(200);
    response.set_header("Content-Type", "text/html; charset=utf-8");
    response.set_header("Cache-Control", "no-store");
    response.set_cookie({"session", "abc.def", -1, true});
    response.set_body("<p>hi</p>");
    BOOST_TEST(response.serialize() ==
               "Status: 200 OK\r\n"
               "Content-Type: text/html; charset=utf-8\r\n"
               "Cache-Control: no-store\r\n"
               "Set-Cookie: session=abc.def; Path=/; HttpOnly; SameSite=Lax; Secure\r\n"
               "Content-Length: 9\r\n"
               "\r\n"
               "<p>hi</p>");
}

BOOST_AUTO_TEST_CASE(head_keeps_headers_and_length_but_drops_the_body) {
    Response response(404);
    response.set_header("Content-Type", "text/html; charset=utf-8");
    response.set_body("missing page");
    BOOST_TEST(response.serialize(false) ==
               "Status: 404 Not Found\r\n"
               "Content-Type: text/html; charset=utf-8\r\n"
               "Content-Length: 12\r\n"
               "\r\n");
}

BOOST_AUTO_TEST_CASE(redirect_is_a_302_with_location) {
    Response response = Response::redirect("/login");
    BOOST_TEST(response.status() == 302);
    BOOST_REQUIRE(response.header("Location"));
    BOOST_TEST(*response.header("location") == "/login");
    BOOST_TEST(response.serialize() ==
               "Status: 302 Found\r\n"
               "Location: /login\r\n"
               "Content-Length: 0\r\n"
               "\r\n");
}

BOOST_AUTO_TEST_CASE(redirect_to_an_injected_location_sends_no_location) {
    const Response response = Response::redirect("/login\r\nSet-Cookie: evil=1");
    BOOST_TEST(!response.header("Location"));
    BOOST_TEST(response.serialize().find("evil") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(set_header_replaces_the_same_name_case_insensitively) {
    Response response;
    response.set_header("Cache-Control", "private");
    response.set_header("cache-control", "no-store");
    BOOST_REQUIRE(response.header("CACHE-CONTROL"));
    BOOST_TEST(*response.header("Cache-Control") == "no-store");
    BOOST_TEST(response.serialize() ==
               "Status: 200 OK\r\nCache-Control: no-store\r\nContent-Length: 0\r\n\r\n");
    BOOST_TEST(!response.header("Content-Type"));
}

BOOST_AUTO_TEST_CASE(unsafe_headers_are_never_sent) {
    struct Case {
        std::string name;
        std::string value;
    };
    const Case cases[] = {
        {"X-Test", "a\r\nInjected: 1"}, {"X-Test", "a\nInjected: 1"},
        {"X-Test", "a\rInjected: 1"},   {"X-Test", std::string("a\0Injected: 1", 13)},
        {"X-Test\r\nInjected", "1"},    {"X Test", "Injected"},
        {"X-Test:", "Injected"},        {"", "Injected"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("case " << (&c - cases)) {
            Response response;
            response.set_header(c.name, c.value);
            BOOST_TEST(response.serialize() == "Status: 200 OK\r\nContent-Length: 0\r\n\r\n");
        }
    }
}

BOOST_AUTO_TEST_CASE(unsafe_value_leaves_an_earlier_header_in_place) {
    Response response;
    response.set_header("Location", "/home");
    response.set_header("Location", "/x\r\nEvil: 1");
    BOOST_REQUIRE(response.header("Location"));
    BOOST_TEST(*response.header("Location") == "/home");
}

BOOST_AUTO_TEST_CASE(cookie_attributes_follow_max_age_and_secure) {
    struct Case {
        Cookie cookie;
        std::string line;
    };
    const Case cases[] = {
        {{"session", "v1", -1, true}, "session=v1; Path=/; HttpOnly; SameSite=Lax; Secure"},
        {{"session", "v1", -1, false}, "session=v1; Path=/; HttpOnly; SameSite=Lax"},
        {{"remember", "t", 31536000, true},
         "remember=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000; Secure"},
        {{"flash", "", 0, true},
         "flash=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; "
         "Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure"},
        {{"flash", "", 0, false},
         "flash=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; "
         "Expires=Thu, 01 Jan 1970 00:00:00 GMT"},
        {{"csrf", "a-b_c.d~e!#$%&'()*+/:<=>?@[]^`{|}", 60, true},
         "csrf=a-b_c.d~e!#$%&'()*+/:<=>?@[]^`{|}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; "
         "Secure"},
        // Browsers drop a prefixed cookie without Secure, and a __Host- one with a Domain or
        // another Path: these always get Path=/ and Secure, and never a Domain.
        {{"__Host-pwreset_session", "v1", -1, true},
         "__Host-pwreset_session=v1; Path=/; HttpOnly; SameSite=Lax; Secure"},
        {{"__Host-pwreset_flash", "", 0, false},
         "__Host-pwreset_flash=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; "
         "Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure"},
        {{"__Secure-x", "v", -1, false}, "__Secure-x=v; Path=/; HttpOnly; SameSite=Lax; Secure"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("case " << (&c - cases)) {
            Response response;
            response.set_cookie(c.cookie);
            BOOST_REQUIRE(response.cookies().size() == 1u);
            BOOST_TEST(response.cookies()[0] == c.line);
            BOOST_TEST(response.serialize().find("Set-Cookie: " + c.line + "\r\n") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(cookies_outside_rfc6265_are_never_sent) {
    const Cookie cases[] = {
        {"", "v", -1, true},
        {"bad name", "v", -1, true},
        {"bad=name", "v", -1, true},
        {"bad;name", "v", -1, true},
        {"n", "semi;colon", -1, true},
        {"n", "com,ma", -1, true},
        {"n", "sp ace", -1, true},
        {"n", "quo\"te", -1, true},
        {"n", "back\\slash", -1, true},
        {"n", "cr\r\nSet-Cookie: x=1", -1, true},
        {"n", "caf\xc3\xa9", -1, true},
        {"n", std::string("nul\0", 4), -1, true},
    };
    for (const Cookie& cookie : cases) {
        BOOST_TEST_CONTEXT("case " << (&cookie - cases)) {
            Response response;
            response.set_cookie(cookie);
            BOOST_TEST(response.cookies().empty());
            BOOST_TEST(response.serialize().find("Set-Cookie") == std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_later_cookie_of_the_same_name_replaces_the_earlier) {
    Response response;
    response.set_cookie({"session", "old", -1, true});
    response.set_cookie({"sess", "other", -1, true});
    response.set_cookie({"session", "", 0, true});
    BOOST_REQUIRE(response.cookies().size() == 2u);
    BOOST_TEST(response.cookies()[0].rfind("session=; ", 0) == 0u);
    BOOST_TEST(response.cookies()[1].rfind("sess=other; ", 0) == 0u);
    BOOST_TEST(response.serialize().find("session=old") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(status_lines_carry_reason_phrases) {
    struct Case {
        int status;
        const char* line;
    };
    const Case cases[] = {
        {200, "Status: 200 OK\r\n"},
        {302, "Status: 302 Found\r\n"},
        {303, "Status: 303 See Other\r\n"},
        {400, "Status: 400 Bad Request\r\n"},
        {403, "Status: 403 Forbidden\r\n"},
        {404, "Status: 404 Not Found\r\n"},
        {405, "Status: 405 Method Not Allowed\r\n"},
        {413, "Status: 413 Payload Too Large\r\n"},
        {415, "Status: 415 Unsupported Media Type\r\n"},
        {422, "Status: 422 Unprocessable Entity\r\n"},
        {429, "Status: 429 Too Many Requests\r\n"},
        {500, "Status: 500 Internal Server Error\r\n"},
        {502, "Status: 502 Bad Gateway\r\n"},
        {503, "Status: 503 Service Unavailable\r\n"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.status) {
            Response response;
            response.set_status(c.status);
            BOOST_TEST(response.serialize().rfind(c.line, 0) == 0u);
        }
    }
}

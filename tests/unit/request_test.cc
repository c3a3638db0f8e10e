// Request parsing: length and type checks before any body read, UTF-8 hygiene, lookups.
#define BOOST_TEST_MODULE request
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <ostream>
#include <string>

#include "request.h"

namespace pwreset {
// Lets a failed check print which error came back.
std::ostream& operator<<(std::ostream& out, RequestError error) {
    return out << "RequestError(" << static_cast<int>(error) << ")";
}
std::ostream& operator<<(std::ostream& out, Method method) {
    return out << "Method(" << static_cast<int>(method) << ")";
}
}  // namespace pwreset

using namespace pwreset;

namespace {

using Params = std::map<std::string, std::string>;

// Serves CGI variables from a map and the body in small pieces, counting what was read.
class FakeExchange : public Exchange {
public:
    explicit FakeExchange(Params params, std::string body = {})
        : params_(std::move(params)), body_(std::move(body)) {}

    const char* param(const char* name) const override {
        const auto it = params_.find(name);
        return it == params_.end() ? nullptr : it->second.c_str();
    }
    std::size_t read_body(char* buffer, std::size_t size) override {
        const std::size_t n = std::min({size, body_.size() - read_, std::size_t{1000}});
        std::memcpy(buffer, body_.data() + read_, n);
        read_ += n;
        return n;
    }
    void write(std::string_view) override {}
    void log(std::string_view) override {}

    std::size_t bytes_read() const { return read_; }

private:
    Params params_;
    std::string body_;
    std::size_t read_ = 0;
};

const char* const kForm = "application/x-www-form-urlencoded";

Params post_params(std::string length, std::string type = kForm) {
    return {{"REQUEST_METHOD", "POST"}, {"CONTENT_LENGTH", length}, {"CONTENT_TYPE", type}};
}

Result<Request, RequestError> post(const std::string& body) {
    FakeExchange exchange(post_params(std::to_string(body.size())), body);
    return read_request(exchange);
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

// Renders pairs so a failed comparison shows both sides readably.
std::string show(const Pairs& pairs) {
    std::string text;
    for (const auto& [name, value] : pairs) text += "[" + name + "]=[" + value + "] ";
    return text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(post_without_content_length_is_bad_length) {
    FakeExchange exchange({{"REQUEST_METHOD", "POST"}, {"CONTENT_TYPE", kForm}}, "a=1");
    const auto request = read_request(exchange);
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
            const auto request = read_request(exchange);
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
    const auto request = read_request(exchange);
    BOOST_REQUIRE(!request);
    BOOST_TEST(request.error() == RequestError::bad_length);
}

BOOST_AUTO_TEST_CASE(only_content_length_bytes_are_read) {
    FakeExchange exchange(post_params("3"), "a=1&b=2");
    const auto request = read_request(exchange);
    BOOST_REQUIRE(request.ok());
    BOOST_TEST(exchange.bytes_read() == 3u);
    BOOST_TEST(show(request->form) == show(Pairs{{"a", "1"}}));
}

BOOST_AUTO_TEST_CASE(empty_post_body_gives_empty_form) {
    FakeExchange exchange(post_params("0"));
    const auto request = read_request(exchange);
    BOOST_REQUIRE(request.ok());
    BOOST_TEST(request->form.empty());
}

BOOST_AUTO_TEST_CASE(get_and_head_never_read_the_body) {
    for (const char* method : {"GET", "HEAD", "PUT"}) {
        BOOST_TEST_CONTEXT(method) {
            FakeExchange exchange({{"REQUEST_METHOD", method},
                                   {"CONTENT_LENGTH", "3"},
                                   {"CONTENT_TYPE", kForm}},
                                  "a=1");
            const auto request = read_request(exchange);
            BOOST_REQUIRE(request.ok());
            BOOST_TEST(exchange.bytes_read() == 0u);
            BOOST_TEST(request->form.empty());
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
            if (c.type) params["CONTENT_TYPE"] = c.type; else params.erase("CONTENT_TYPE");
            FakeExchange exchange(params, "a=1");
            const auto request = read_request(exchange);
            BOOST_TEST(request.ok() == c.ok);
            if (!c.ok) {
                BOOST_TEST(request.error() == RequestError::bad_content_type);
                BOOST_TEST(exchange.bytes_read() == 0u);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(clean_utf8_table) {
    struct Case {
        std::string text;
        bool clean;
    };
    const Case cases[] = {
        {"", true},
        {"plain ascii", true},
        {"tab\tcr\rlf\n", true},
        {"del\x7f", true},
        {"caf\xc3\xa9", true},                  // é
        {"\xe2\x82\xac", true},                 // €
        {"\xef\xbf\xbf", true},                 // U+FFFF
        {"\xf0\x9f\x98\x80", true},             // 😀
        {"\xf4\x8f\xbf\xbf", true},             // U+10FFFF
        {std::string("a\0b", 3), false},        // NUL
        {"bell\x07", false},
        {"esc\x1b", false},
        {"\xc0\xaf", false},                    // overlong '/'
        {"\xc1\xbf", false},                    // overlong
        {"\xe0\x80\xaf", false},                // overlong
        {"\xf0\x80\x80\xaf", false},            // overlong
        {"\xed\xa0\x80", false},                // surrogate U+D800
        {"\xed\xbf\xbf", false},                // surrogate U+DFFF
        {"\xf4\x90\x80\x80", false},            // above U+10FFFF
        {"\xf5\x80\x80\x80", false},
        {"\xc3", false},                        // truncated
        {"\xe2\x82", false},                    // truncated
        {"\xf0\x9f\x98", false},                // truncated
        {"\x80", false},                        // lone continuation
        {"\xc3\x28", false},                    // bad continuation
        {"\xff", false},
        {"\xfe", false},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("case " << (&c - cases)) {
            BOOST_TEST(is_clean_utf8(c.text) == c.clean);
        }
    }
}

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
        {"raw 0xFF in cookie", "", "c=\xff", "", false},
        {"raw 0xFF in cookie name", "", "\xff=1", "", false},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.what) {
            Params params = post_params(std::to_string(c.body.size()));
            params["QUERY_STRING"] = c.query;
            params["HTTP_COOKIE"] = c.cookie;
            FakeExchange exchange(params, c.body);
            const auto request = read_request(exchange);
            BOOST_TEST(request.ok() == c.ok);
            if (!c.ok) BOOST_TEST(request.error() == RequestError::bad_encoding);
        }
    }
}

BOOST_AUTO_TEST_CASE(query_strings_decode_like_browsers_send_them) {
    struct Case {
        std::string text;
        Pairs expected;
    };
    const Case cases[] = {
        {"", {}},
        {"a=1", {{"a", "1"}}},
        {"a=1&b=2&a=3", {{"a", "1"}, {"b", "2"}, {"a", "3"}}},
        {"q=hello+world", {{"q", "hello world"}}},
        {"q=hello%20world", {{"q", "hello world"}}},
        {"q=a%2Bb%26c%3Dd", {{"q", "a+b&c=d"}}},
        {"e%6Dail=x", {{"email", "x"}}},
        {"q=a=b", {{"q", "a=b"}}},
        {"flag", {{"flag", ""}}},
        {"a=&b=", {{"a", ""}, {"b", ""}}},
        {"&&a=1&&", {{"a", "1"}}},
        {"q=100%", {{"q", "100%"}}},
        {"q=%zz", {{"q", "%zz"}}},
        {"q=%4", {{"q", "%4"}}},
        {"q=%%41", {{"q", "%A"}}},
        {"q=caf%c3%a9", {{"q", "caf\xc3\xa9"}}},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("\"" << c.text << "\"") {
            BOOST_TEST(show(parse_urlencoded(c.text)) == show(c.expected));
        }
    }
}

BOOST_AUTO_TEST_CASE(cookie_headers_parse_in_order_and_trimmed) {
    struct Case {
        std::string header;
        Pairs expected;
    };
    const Case cases[] = {
        {"", {}},
        {"a=1", {{"a", "1"}}},
        {"a=1; b=2", {{"a", "1"}, {"b", "2"}}},
        {"a=1;b=2", {{"a", "1"}, {"b", "2"}}},
        {"  a = 1 ;  b=2  ", {{"a", "1"}, {"b", "2"}}},
        {"a=1; a=2", {{"a", "1"}, {"a", "2"}}},
        {"session=x.y=z", {{"session", "x.y=z"}}},
        {"a=; b=2", {{"a", ""}, {"b", "2"}}},
        {"novalue; b=2", {{"b", "2"}}},
        {"=orphan; b=2", {{"b", "2"}}},
        {";;a=1;;", {{"a", "1"}}},
        {"q=\"quoted\"", {{"q", "\"quoted\""}}},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("\"" << c.header << "\"") {
            BOOST_TEST(show(parse_cookie_header(c.header)) == show(c.expected));
        }
    }
}

BOOST_AUTO_TEST_CASE(post_form_fields_are_decoded_and_kept_apart_from_the_query) {
    const std::string body = "email=a%40b.example&password=p+w%26&email=second&csrf_token=t";
    Params params = post_params(std::to_string(body.size()),
                                "application/x-www-form-urlencoded; charset=UTF-8");
    params["QUERY_STRING"] = "next=%2Fhome&email=fromquery";
    params["HTTP_COOKIE"] = "session=s1; csrf=c1";
    FakeExchange exchange(params, body);
    const auto request = read_request(exchange);
    BOOST_REQUIRE(request.ok());
    BOOST_TEST(request->method == Method::post);
    BOOST_TEST(request->method_name == "POST");
    BOOST_TEST(show(request->form) == show(Pairs{{"email", "a@b.example"},
                                       {"password", "p w&"},
                                       {"email", "second"},
                                       {"csrf_token", "t"}}));
    BOOST_REQUIRE(request->field("email"));
    BOOST_TEST(*request->field("email") == "a@b.example");
    BOOST_TEST(*request->field("password") == "p w&");
    BOOST_TEST(!request->field("next"));
    BOOST_TEST(!request->field("missing"));
    BOOST_REQUIRE(request->query_param("email"));
    BOOST_TEST(*request->query_param("email") == "fromquery");
    BOOST_TEST(*request->query_param("next") == "/home");
    BOOST_TEST(!request->query_param("password"));
    BOOST_REQUIRE(request->cookie("csrf"));
    BOOST_TEST(*request->cookie("csrf") == "c1");
    BOOST_TEST(!request->cookie("email"));
}

BOOST_AUTO_TEST_CASE(methods_are_classified_and_named_as_sent) {
    struct Case {
        const char* name;  // nullptr: REQUEST_METHOD absent
        Method method;
    };
    const Case cases[] = {
        {"GET", Method::get},     {"HEAD", Method::head},  {"PUT", Method::other},
        {"DELETE", Method::other}, {"get", Method::other}, {"post", Method::other},
        {nullptr, Method::other},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT((c.name ? c.name : "(absent)")) {
            Params params;
            if (c.name) params["REQUEST_METHOD"] = c.name;
            FakeExchange exchange(params, "a=1");
            const auto request = read_request(exchange);
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
        {{{"DOCUMENT_URI", "/reset_password/abc"},
          {"SCRIPT_NAME", "/cgi"},
          {"PATH_INFO", "/x"}},
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
            const auto request = read_request(exchange);
            BOOST_REQUIRE(request.ok());
            BOOST_TEST(request->path == c.path);
        }
    }
}

BOOST_AUTO_TEST_CASE(remote_address_is_taken_from_the_server) {
    FakeExchange exchange(Params{{"REQUEST_METHOD", "GET"}, {"REMOTE_ADDR", "203.0.113.7"}});
    const auto request = read_request(exchange);
    BOOST_REQUIRE(request.ok());
    BOOST_TEST(request->remote_addr == "203.0.113.7");
}

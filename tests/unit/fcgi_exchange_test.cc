// A FastCGI request's parameters as the pages read them: the lookup answers as
// FCGX_GetParam would, for every name, on a table of requests.
#define BOOST_TEST_MODULE fcgi_exchange
#define BOOST_TEST_DYN_LINK
#include <fcgiapp.h>

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "fcgi_exchange.h"

using namespace pwreset;

namespace {

// The parameters as libfcgi hands them over: "NAME=value" strings ending in a null pointer.
struct RequestParams {
    explicit RequestParams(std::vector<std::string> entries) : text(std::move(entries)) {
        for (auto& entry : text) pointers.push_back(entry.data());
        pointers.push_back(nullptr);
        request.envp = pointers.data();
    }
    std::vector<std::string> text;
    std::vector<char*> pointers;
    FCGX_Request request{};
};

}  // namespace

BOOST_AUTO_TEST_CASE(each_name_reads_what_fcgx_getparam_reads) {
    const std::vector<std::vector<std::string>> requests = {
        {},
        {"REQUEST_METHOD=GET", "QUERY_STRING=", "HTTP_COOKIE=session=abc; x=1", "HTTP_COOKIE2=other"},
        // A name given twice: the first one counts.
        {"CONTENT_TYPE=text/plain", "CONTENT_TYPE=application/x-www-form-urlencoded"},
        // A value holding '=' keeps it; an entry without one is no parameter.
        {"QUERY_STRING=next=/home&a=b", "BROKEN", "REMOTE_ADDR=127.0.0.1"},
        // One name the prefix of another, in both orders.
        {"HTTP_ACCEPT_LANGUAGE=fr", "HTTP_ACCEPT=text/html", "HTTP_X=1", "HTTP_X_Y=2"},
    };
    const char* names[] = {"REQUEST_METHOD",
                           "QUERY_STRING",
                           "HTTP_COOKIE",
                           "HTTP_COOKIE2",
                           "CONTENT_TYPE",
                           "BROKEN",
                           "REMOTE_ADDR",
                           "HTTP_ACCEPT",
                           "HTTP_ACCEPT_LANGUAGE",
                           "HTTP_X",
                           "HTTP_X_Y",
                           "HTTP",
                           "",
                           "SERVER_NAME"};
    for (const auto& entries : requests) {
        RequestParams params(entries);
        const FcgiExchange exchange(&params.request, "test");
        for (const char* name : names) {
            BOOST_TEST_CONTEXT("request of " << entries.size() << " parameters, name \"" << name << "\"") {
                const char* expected = FCGX_GetParam(name, params.request.envp);
                const char* got = exchange.param(name);
                BOOST_TEST((got == nullptr) == (expected == nullptr));
                if (got && expected) BOOST_TEST(std::string(got) == std::string(expected));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(values_are_read_in_place_and_an_absent_name_is_null) {
    RequestParams params({"HTTP_HOST=example.org", "EMPTY="});
    const FcgiExchange exchange(&params.request, "test");
    BOOST_TEST(exchange.param("HTTP_HOST") == params.text[0].data() + 10);
    BOOST_TEST(std::string(exchange.param("EMPTY")).empty());
    BOOST_TEST(exchange.param("HTTP_HOS") == nullptr);
    BOOST_TEST(exchange.param("HTTP_HOSTS") == nullptr);
}

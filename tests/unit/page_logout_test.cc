// The logout page (cgi-bin/logout.cc) through its handler: a confirmation, then a CSRF-checked POST.
#define BOOST_TEST_MODULE page_logout
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "page_site.h"
#include "pages.h"

using namespace pwreset;
using namespace pwreset::test;

BOOST_AUTO_TEST_CASE(a_logged_in_visitor_is_asked_to_confirm_and_the_post_ends_the_session) {
    PageSite site(page_logout);
    site.log_in(site.add_user("alice", "alice@example.com"));
    const Response confirm = site.get("/logout");
    BOOST_TEST(confirm.status() == 200);
    BOOST_TEST(shows(confirm, "Do you want to log out?"));
    BOOST_TEST(site.has_cookie(OurCookie::session));

    const Response done = site.submit("/logout", {});
    BOOST_TEST(done.status() == 302);
    BOOST_TEST(location(done) == "/");
    BOOST_TEST(!site.has_cookie(OurCookie::session));
}

// A page elsewhere cannot log the visitor out by posting to /logout.
BOOST_AUTO_TEST_CASE(a_post_without_the_csrf_token_keeps_the_session) {
    PageSite site(page_logout);
    site.log_in(site.add_user("alice", "alice@example.com"));
    const Response answer = site.request("POST", "/logout", "");
    BOOST_TEST(answer.status() == 400);
    BOOST_TEST(site.has_cookie(OurCookie::session));
}

BOOST_AUTO_TEST_CASE(a_visitor_not_logged_in_is_sent_home) {
    PageSite site(page_logout);
    const Response answer = site.get("/logout");
    BOOST_TEST(answer.status() == 302);
    BOOST_TEST(location(answer) == "/");
}

BOOST_AUTO_TEST_CASE(answers_exactly_the_methods_its_route_lists) {
    PageSite site(page_logout);
    BOOST_TEST(methods_against_routes(site, "logout", "/logout") == "");
}

// The home page (cgi-bin/home.cc) through its handler: who is greeted, and what it answers.
#define BOOST_TEST_MODULE page_home
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "page_site.h"
#include "pages.h"

using namespace pwreset;
using namespace pwreset::test;

BOOST_AUTO_TEST_CASE(a_visitor_is_welcomed_with_links_to_log_in_and_register) {
    PageSite site(page_home);
    for (const char* path : {"/", "/home"}) {
        const Response page = site.get(path);
        BOOST_TEST(page.status() == 200);
        BOOST_TEST(shows(page, "<a href=\"/login\">Log in</a>"));
        BOOST_TEST(shows(page, "href=\"/register\">create an account</a>"));
    }
}

BOOST_AUTO_TEST_CASE(a_logged_in_visitor_is_greeted_by_name_and_email) {
    PageSite site(page_home);
    site.log_in(site.add_user("alice", "alice@example.com"));
    const Response page = site.get("/");
    BOOST_TEST(shows(page, "Hello, alice!"));
    BOOST_TEST(shows(page, "You are logged in as alice@example.com."));
}

BOOST_AUTO_TEST_CASE(answers_exactly_the_methods_its_routes_list) {
    PageSite site(page_home);
    BOOST_TEST(methods_against_routes(site, "home", "/") == "");
    BOOST_TEST(methods_against_routes(site, "home", "/home") == "");
}

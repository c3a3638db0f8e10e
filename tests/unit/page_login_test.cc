// The login page (cgi-bin/login.cc) through its handler: the seed's form, its refusals, and
// where a successful login leads.
#define BOOST_TEST_MODULE page_login
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "page_site.h"
#include "pages.h"

using namespace pwreset;
using namespace pwreset::test;

namespace {

const std::string kUnsuccessful = "Login Unsuccessful. Please check email and password";

}  // namespace

BOOST_AUTO_TEST_CASE(the_form_has_the_seeds_labels_and_links) {
    PageSite site(page_login);
    const Response page = site.get("/login");
    BOOST_TEST(page.status() == 200);
    for (const char* text :
         {">Log In</h1></legend>", ">Email</label>", ">Password</label>", ">Remember Me</label>",
          "value=\"Login\"", "<a href=\"/reset_password\">Forgot Password?</a>", "Need An Account?"}) {
        BOOST_TEST(shows(page, text), text);
    }
}

BOOST_AUTO_TEST_CASE(a_post_without_the_forms_csrf_token_gets_400) {
    PageSite site(page_login);
    site.add_user("alice", "alice@example.com");
    site.get("/login");  // the visitor holds a CSRF cookie, but the form's token is missing or wrong
    const std::string fields = "email=alice%40example.com&password=" + kGoodPassword;
    for (const std::string& body : {fields, "csrf_token=forged&" + fields}) {
        const Response answer = site.request("POST", "/login", body);
        BOOST_TEST(answer.status() == 400);
        BOOST_TEST(shows(answer, "The form was too old or did not come from this site."));
        BOOST_TEST(!site.has_cookie(OurCookie::session));
    }
}

BOOST_AUTO_TEST_CASE(a_wrong_password_or_unknown_email_gets_the_seeds_message_and_no_session) {
    PageSite site(page_login);
    site.add_user("alice", "alice@example.com");
    const Pairs cases[] = {{{"email", "alice@example.com"}, {"password", "not-her-password"}},
                           {{"email", "nobody@example.com"}, {"password", kGoodPassword}}};
    for (const Pairs& fields : cases) {
        const Response answer = site.submit("/login", fields);
        BOOST_TEST(answer.status() == 200);
        BOOST_TEST(shows(answer, kUnsuccessful));
        BOOST_TEST(!site.has_cookie(OurCookie::session));
    }
}

BOOST_AUTO_TEST_CASE(a_malformed_email_is_shown_under_its_field_with_the_typed_value) {
    PageSite site(page_login);
    const Response answer = site.submit("/login", {{"email", "not-an-address"}, {"password", "x"}});
    BOOST_TEST(answer.status() == 200);
    BOOST_TEST(shows(answer, "Invalid email address."));
    BOOST_TEST(shows(answer, "value=\"not-an-address\""));
    BOOST_TEST(!shows(answer, kUnsuccessful));
}

BOOST_AUTO_TEST_CASE(the_right_password_starts_a_session_and_goes_home_or_to_a_local_next) {
    struct Case {
        std::string query;
        std::string location;
    };
    const Case cases[] = {{"", "/"},
                          {"next=%2Fregister", "/register"},
                          {"next=https%3A%2F%2Fevil.example%2F", "/"},
                          {"next=%2F%2Fevil.example", "/"}};
    for (const Case& c : cases) {
        PageSite site(page_login);
        site.add_user("alice", "alice@example.com");
        const Response answer =
            site.submit("/login", {{"email", "ALICE@example.com"}, {"password", kGoodPassword}}, c.query);
        BOOST_TEST(answer.status() == 302, c.query);
        BOOST_TEST(location(answer) == c.location, c.query);
        BOOST_TEST(site.has_cookie(OurCookie::session));
    }
}

BOOST_AUTO_TEST_CASE(a_logged_in_visitor_is_sent_home) {
    PageSite site(page_login);
    site.log_in(site.add_user("alice", "alice@example.com"));
    const Response answer = site.get("/login");
    BOOST_TEST(answer.status() == 302);
    BOOST_TEST(location(answer) == "/");
}

BOOST_AUTO_TEST_CASE(failed_logins_over_the_accounts_limit_are_refused_before_the_password_check) {
    PageSite site(page_login, {{"throttle_login_account", "2"}, {"throttle_login_account_seconds", "600"}});
    site.add_user("alice", "alice@example.com");
    for (const char* wrong : {"wrong", "wrong again"}) {
        site.submit("/login", {{"email", "alice@example.com"}, {"password", wrong}});
    }
    const Response answer =
        site.submit("/login", {{"email", "alice@example.com"}, {"password", kGoodPassword}});
    BOOST_TEST(shows(answer,
                     "Too many failed logins for this account. "
                     "Please wait 10 minutes or reset your password."));
    BOOST_TEST(!site.has_cookie(OurCookie::session));
}

BOOST_AUTO_TEST_CASE(answers_exactly_the_methods_its_route_lists) {
    PageSite site(page_login);
    BOOST_TEST(methods_against_routes(site, "login", "/login") == "");
}

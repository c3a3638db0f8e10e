// The reset link's page (cgi-bin/reset_token.cc) through its handler: which links it takes,
// the seed's form and messages, and that a link works once.
#define BOOST_TEST_MODULE page_reset_token
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "page_site.h"
#include "pages.h"

using namespace pwreset;
using namespace pwreset::test;

namespace {

const std::string kInvalid = "warning: That is an invalid or expired token";
const std::string kUpdated = "success: Your password has been updated! You are now able to log in!";
const std::string kNewPassword = "another-long-enough-password-for-the-walk";

Pairs new_password(const std::string& password, const std::string& confirm) {
    return {{"password", password}, {"confirm_password", confirm}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_bad_link_sends_the_visitor_to_ask_again_with_the_seeds_warning) {
    PageSite site(page_reset_token);
    const User alice = site.add_user("alice", "alice@example.com");
    const std::string good = site.reset_path(alice);
    const std::string paths[] = {"/reset_password/not-a-token", good.substr(0, good.size() - 2), good + "x"};
    for (const std::string& path : paths) {
        const Response answer = site.get(path);
        BOOST_TEST(answer.status() == 302, path);
        BOOST_TEST(location(answer) == "/reset_password", path);
        BOOST_TEST(site.flashes() == std::vector<std::string>{kInvalid}, path);
    }
}

BOOST_AUTO_TEST_CASE(a_good_link_shows_the_seeds_form) {
    PageSite site(page_reset_token);
    const Response page = site.get(site.reset_path(site.add_user("alice", "alice@example.com")));
    BOOST_TEST(page.status() == 200);
    for (const char* text : {">Reset Password</h1></legend>", ">Password</label>",
                             ">Confirm Password</label>", "value=\"Reset Password\""}) {
        BOOST_TEST(shows(page, text), text);
    }
}

BOOST_AUTO_TEST_CASE(a_new_password_is_set_once_and_the_link_then_stops_working) {
    PageSite site(page_reset_token, {{"notify_password_change", "no"}});
    const std::string link = site.reset_path(site.add_user("alice", "alice@example.com"));
    const Response answer = site.submit(link, new_password(kNewPassword, kNewPassword));
    BOOST_TEST(answer.status() == 302);
    BOOST_TEST(location(answer) == "/login");
    BOOST_TEST(site.flashes() == std::vector<std::string>{kUpdated});
    BOOST_TEST(verify_password(kNewPassword, site.user("alice@example.com")->password_hash));

    const Response again = site.get(link);
    BOOST_TEST(location(again) == "/reset_password");
    BOOST_TEST(site.flashes() == std::vector<std::string>{kInvalid});
}

BOOST_AUTO_TEST_CASE(a_rejected_password_is_explained_on_the_form_and_changes_nothing) {
    struct Case {
        Pairs fields;
        std::string error;
    };
    const Case cases[] = {
        {new_password(kNewPassword, kNewPassword + "!"), "Field must be equal to password."},
        {new_password("short", "short"), "Field must be at least 15 characters long."},
        {new_password("", ""), "This field is required."},
        {new_password("alice-chose-a-long-password", "alice-chose-a-long-password"),
         "Password must not contain your username or the name in your email address."},
    };
    PageSite site(page_reset_token);
    const User alice = site.add_user("alice", "alice@example.com");
    for (const Case& c : cases) {
        const Response answer = site.submit(site.reset_path(alice), c.fields);
        BOOST_TEST(answer.status() == 200, c.error);
        BOOST_TEST(shows(answer, c.error), c.error);
    }
    BOOST_TEST(site.user("alice@example.com")->password_hash == alice.password_hash);
}

BOOST_AUTO_TEST_CASE(a_post_without_the_forms_csrf_token_gets_400_and_changes_nothing) {
    PageSite site(page_reset_token);
    const User alice = site.add_user("alice", "alice@example.com");
    const std::string link = site.reset_path(alice);
    site.get(link);
    const Response answer =
        site.request("POST", link, "password=" + kNewPassword + "&confirm_password=" + kNewPassword);
    BOOST_TEST(answer.status() == 400);
    BOOST_TEST(site.user("alice@example.com")->password_hash == alice.password_hash);
}

BOOST_AUTO_TEST_CASE(a_logged_in_visitor_is_sent_home) {
    PageSite site(page_reset_token);
    const User alice = site.add_user("alice", "alice@example.com");
    site.log_in(alice);
    const Response answer = site.get(site.reset_path(alice));
    BOOST_TEST(answer.status() == 302);
    BOOST_TEST(location(answer) == "/");
}

BOOST_AUTO_TEST_CASE(answers_exactly_the_methods_its_route_lists) {
    PageSite site(page_reset_token);
    BOOST_TEST(methods_against_routes(site, "reset_token", "/reset_password/not-a-token") == "");
}

// The registration page (cgi-bin/register.cc) through its handler: flaskblog's form, its
// refusals, and the account it creates.
#define BOOST_TEST_MODULE page_register
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "page_site.h"
#include "pages.h"

using namespace pwreset;
using namespace pwreset::test;

namespace {

const std::string kCreated = "success: Your account has been created! You are now able to log in";

Pairs registration(const std::string& username, const std::string& email,
                   const std::string& password = kGoodPassword, const std::string& confirm = kGoodPassword) {
    return {{"username", username}, {"email", email}, {"password", password}, {"confirm_password", confirm}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_form_has_the_seeds_labels) {
    PageSite site(page_register);
    const Response page = site.get("/register");
    BOOST_TEST(page.status() == 200);
    for (const char* text :
         {">Join Today</h1></legend>", ">Username</label>", ">Email</label>", ">Password</label>",
          ">Confirm Password</label>", "value=\"Sign Up\"", "Already Have An Account?"}) {
        BOOST_TEST(shows(page, text), text);
    }
}

BOOST_AUTO_TEST_CASE(a_new_account_is_stored_and_the_visitor_sent_to_login_with_the_seeds_message) {
    PageSite site(page_register);
    const Response answer = site.submit("/register", registration("alice", "alice@example.com"));
    BOOST_TEST(answer.status() == 302);
    BOOST_TEST(location(answer) == "/login");
    BOOST_TEST(site.flashes() == std::vector<std::string>{kCreated});
    const auto user = site.user("alice@example.com");
    BOOST_REQUIRE(user);
    BOOST_TEST(user->username == "alice");
    BOOST_TEST(verify_password(kGoodPassword, user->password_hash));
}

BOOST_AUTO_TEST_CASE(bad_input_comes_back_on_the_form_with_each_fields_error) {
    struct Case {
        Pairs fields;
        std::string error;
    };
    const Case cases[] = {
        {registration("bob", "alice@example.com"), "That email is taken. Please choose a different one."},
        {registration("alice", "bob@example.com"), "That username is taken. Please choose a different one."},
        {registration("x", "bob@example.com"), "Field must be between 2 and 20 characters long."},
        {registration("bob", "bob@example.com", kGoodPassword, kGoodPassword + "!"),
         "Field must be equal to password."},
        {registration("bob", "bob@example.com", "short", "short"),
         "Field must be at least 15 characters long."},
    };
    PageSite site(page_register);
    site.add_user("alice", "alice@example.com");
    for (const Case& c : cases) {
        const Response answer = site.submit("/register", c.fields);
        BOOST_TEST(answer.status() == 200, c.error);
        BOOST_TEST(shows(answer, c.error), c.error);
    }
    BOOST_TEST(!site.user("bob@example.com"));
}

// paranoid = yes: a taken address gets the answer a new account gets, and its owner a notice.
BOOST_AUTO_TEST_CASE(with_paranoid_a_taken_email_gets_the_new_accounts_answer) {
    PageSite site(page_register, {{"paranoid", "yes"}});
    const User alice = site.add_user("alice", "alice@example.com");
    Response answer = site.submit("/register", registration("mallory", "alice@example.com"));
    BOOST_TEST(answer.status() == 302);
    BOOST_TEST(location(answer) == "/login");
    BOOST_TEST(site.flashes() == std::vector<std::string>{kCreated});
    BOOST_TEST(site.user("alice@example.com")->password_hash == alice.password_hash);
    PageSite::after_send(answer);
    const auto mails = site.mails(1);
    BOOST_REQUIRE(mails.size() == 1);
    BOOST_TEST(mails[0].find("To: alice@example.com") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(answers_exactly_the_methods_its_route_lists) {
    PageSite site(page_register);
    BOOST_TEST(methods_against_routes(site, "register", "/register") == "");
}

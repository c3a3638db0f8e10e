// The reset request page (cgi-bin/reset_request.cc) through its handler: the seed's form and
// messages, the mail with its link, and what paranoid and the limits change.
#define BOOST_TEST_MODULE page_reset_request
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "page_site.h"
#include "pages.h"

using namespace pwreset;
using namespace pwreset::test;

namespace {

const std::string kMailSent = "info: An email has been sent with instructions to reset your password.";
const std::string kLinkStart = "https://pages.example/reset_password/";

// The reset link's token in a mail (plain text, 8bit: the link is on a line of its own).
std::string token_in(const std::string& mail) {
    const auto start = mail.find(kLinkStart);
    if (start == std::string::npos) return {};
    const auto from = start + kLinkStart.size();
    return mail.substr(from, mail.find_first_of("\r\n\"<", from) - from);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_form_has_the_seeds_labels) {
    PageSite site(page_reset_request);
    const Response page = site.get("/reset_password");
    BOOST_TEST(page.status() == 200);
    for (const char* text :
         {">Reset Password</h1></legend>", ">Email</label>", "value=\"Request Password Reset\""}) {
        BOOST_TEST(shows(page, text), text);
    }
}

BOOST_AUTO_TEST_CASE(a_known_email_gets_a_mail_with_a_working_link_and_the_seeds_message) {
    PageSite site(page_reset_request);
    const User alice = site.add_user("alice", "alice@example.com");
    const Response answer = site.submit("/reset_password", {{"email", "alice@example.com"}});
    BOOST_TEST(answer.status() == 302);
    BOOST_TEST(location(answer) == "/login");
    BOOST_TEST(site.flashes() == std::vector<std::string>{kMailSent});
    const auto mails = site.mails();
    BOOST_REQUIRE(mails.size() == 1);
    BOOST_TEST(mails[0].find("To: alice@example.com") != std::string::npos);
    BOOST_TEST(mails[0].find("Subject: Password Reset Request") != std::string::npos);
    const auto claim = read_reset_token(site.context().keys, token_in(mails[0]), site.context().now());
    BOOST_REQUIRE(claim);
    BOOST_TEST(claim->user_id == alice.id);
}

BOOST_AUTO_TEST_CASE(an_unknown_email_gets_the_seeds_message_and_no_mail) {
    PageSite site(page_reset_request);
    const Response answer = site.submit("/reset_password", {{"email", "nobody@example.com"}});
    BOOST_TEST(answer.status() == 200);
    BOOST_TEST(shows(answer, "There is no account with that email. You must register first."));
    BOOST_TEST(site.mails().empty());
}

BOOST_AUTO_TEST_CASE(a_post_without_the_forms_csrf_token_gets_400_and_sends_nothing) {
    PageSite site(page_reset_request);
    site.add_user("alice", "alice@example.com");
    site.get("/reset_password");
    const Response answer = site.request("POST", "/reset_password", "email=alice%40example.com");
    BOOST_TEST(answer.status() == 400);
    BOOST_TEST(site.mails().empty());
}

BOOST_AUTO_TEST_CASE(a_logged_in_visitor_is_sent_home) {
    PageSite site(page_reset_request);
    site.log_in(site.add_user("alice", "alice@example.com"));
    const Response answer = site.get("/reset_password");
    BOOST_TEST(answer.status() == 302);
    BOOST_TEST(location(answer) == "/");
}

BOOST_AUTO_TEST_CASE(a_failed_send_says_that_no_link_went_out) {
    PageSite site(page_reset_request, {{"sendmail", "/bin/false"}});
    site.add_user("alice", "alice@example.com");
    const Response answer = site.submit("/reset_password", {{"email", "alice@example.com"}});
    BOOST_TEST(answer.status() == 200);
    BOOST_TEST(shows(answer, "No email could be sent, so no reset link went out. Please try again later."));
    BOOST_TEST(site.flashes().empty());
}

BOOST_AUTO_TEST_CASE(a_second_request_within_throttle_email_seconds_sends_no_second_mail) {
    PageSite site(page_reset_request, {{"throttle_email_seconds", "60"}});
    site.add_user("alice", "alice@example.com");
    site.submit("/reset_password", {{"email", "alice@example.com"}});
    const Response again = site.submit("/reset_password", {{"email", "alice@example.com"}});
    BOOST_TEST(shows(again, "A reset email was sent to this address moments ago."));
    BOOST_TEST(site.mails().size() == 1u);
}

// paranoid = yes: known and unknown addresses get the same answer; only the known one a mail.
BOOST_AUTO_TEST_CASE(with_paranoid_an_unknown_email_gets_the_known_ones_answer) {
    PageSite site(page_reset_request, {{"paranoid", "yes"}});
    site.add_user("alice", "alice@example.com");
    for (const char* email : {"nobody@example.com", "alice@example.com"}) {
        Response answer = site.submit("/reset_password", {{"email", email}});
        BOOST_TEST(answer.status() == 302, email);
        BOOST_TEST(location(answer) == "/login", email);
        BOOST_TEST(site.flashes() == std::vector<std::string>{kMailSent}, email);
        PageSite::after_send(answer);
    }
    const auto mails = site.mails(1);
    BOOST_REQUIRE(mails.size() == 1);
    BOOST_TEST(mails[0].find("To: alice@example.com") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(answers_exactly_the_methods_its_route_lists) {
    PageSite site(page_reset_request);
    BOOST_TEST(methods_against_routes(site, "reset_request", "/reset_password") == "");
}

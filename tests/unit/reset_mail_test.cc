// The mails a person receives: the seed's reset text, its HTML twin, and the two notices.
#define BOOST_TEST_MODULE reset_mail
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "reset_mail.h"

using namespace pwreset;

namespace {

constexpr std::int64_t kWhen = 1795882935;  // Sat, 28 Nov 2026 16:22:15 UTC

Config sample_config() {
    Config config;
    config.base_url = "https://blog.example";
    config.mail_from = "noreply@demo.com";
    return config;
}

// The repo's own templates, as the reset_request program preloads them.
const Renderer& renderer() {
    static const std::unique_ptr<Renderer> loaded = [] {
        auto result = Renderer::load("templates", {kResetMailTemplate});
        BOOST_TEST_REQUIRE(result.ok());
        return std::move(*result);
    }();
    return *loaded;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reset_mail_keeps_the_seed_text_word_for_word) {
    const Config config = sample_config();
    const std::string link = reset_link(config, "aaa.bbb.ccc");
    const MailMessage message = reset_mail(config, renderer(), "zoe@example.org", link);
    BOOST_TEST(link == "https://blog.example/reset_password/aaa.bbb.ccc");
    BOOST_TEST(message.from == "noreply@demo.com");
    BOOST_TEST(message.to == "zoe@example.org");
    BOOST_TEST(message.subject == "Password Reset Request");
    BOOST_TEST(
        message.text_body ==
        "To reset your password, visit the following link:\n"
        "https://blog.example/reset_password/aaa.bbb.ccc\n\n"
        "If you did not make this request, then simply ignore this email and no change will happen.\n");
}

BOOST_AUTO_TEST_CASE(reset_mail_html_part_has_the_same_link_and_words_and_nothing_remote) {
    const Config config = sample_config();
    const MailMessage message =
        reset_mail(config, renderer(), "zoe@example.org", reset_link(config, "aaa.bbb.ccc"));
    BOOST_TEST_REQUIRE(message.html_body.has_value());
    const std::string& html = *message.html_body;
    BOOST_TEST(contains(html,
                        "<a href=\"https://blog.example/reset_password/aaa.bbb.ccc\">"
                        "https://blog.example/reset_password/aaa.bbb.ccc</a>"));
    BOOST_TEST(contains(html, "To reset your password, visit the following link:"));
    BOOST_TEST(contains(html, "If you did not make this request, then simply ignore this email"));
    for (const char* remote : {"<img", "src=", "<link", "<script", "url("}) {
        BOOST_TEST(!contains(html, remote), "the HTML part loads something: " << remote);
    }
}

BOOST_AUTO_TEST_CASE(reset_mail_html_part_escapes_the_link) {
    const MailMessage message = reset_mail(sample_config(), renderer(), "zoe@example.org",
                                           "https://blog.example/reset_password/a\"><img src=x>&b");
    const std::string& html = *message.html_body;
    BOOST_TEST(!contains(html, "<img"));
    BOOST_TEST(contains(html, "a&quot;&gt;&lt;img src=x&gt;&amp;b</a>"));
}

BOOST_AUTO_TEST_CASE(reset_mail_builds_as_multipart_alternative) {
    const Config config = sample_config();
    auto built = build_message(reset_mail(config, renderer(), "zoe@example.org", reset_link(config, "t.o.k")),
                               kWhen, "<id@demo.com>");
    BOOST_TEST_REQUIRE(built.ok());
    BOOST_TEST(contains(*built, "Content-Type: multipart/alternative; boundary="));
    BOOST_TEST(contains(*built, "Content-Type: text/plain; charset=utf-8"));
    BOOST_TEST(contains(*built, "Content-Type: text/html; charset=utf-8"));
}

BOOST_AUTO_TEST_CASE(changed_notice_says_when_and_what_to_do_without_a_reset_link) {
    const MailMessage message = password_changed_mail(sample_config(), "zoe@example.org", kWhen);
    BOOST_TEST(message.from == "noreply@demo.com");
    BOOST_TEST(message.to == "zoe@example.org");
    BOOST_TEST(message.subject == "Your password has been changed");
    BOOST_TEST(!message.html_body.has_value());
    const std::string& text = message.text_body;
    BOOST_TEST(contains(text, "account at Flask Blog was changed on 2026-11-28 16:22 UTC."));
    BOOST_TEST(contains(text, "If you did not,"));
    BOOST_TEST(contains(text, "\nhttps://blog.example/reset_password\n"));
    BOOST_TEST(contains(text, "contact the people who run the site"));
    BOOST_TEST(!contains(text, "/reset_password/"), "the notice must not carry a reset link");
}

BOOST_AUTO_TEST_CASE(notices_name_the_site_by_its_configured_name) {
    Config config = sample_config();
    config.site_name = "Cooking Corner";
    const std::string changed = password_changed_mail(config, "zoe@example.org", kWhen).text_body;
    const std::string attempt = register_attempt_mail(config, "zoe@example.org", kWhen).text_body;
    BOOST_TEST(contains(changed, "account at Cooking Corner was changed"));
    BOOST_TEST(contains(attempt, "account at Cooking Corner with this email"));
    BOOST_TEST(!contains(changed + attempt, "Flask Blog"));
}

BOOST_AUTO_TEST_CASE(register_attempt_notice_is_plain_text_and_offers_only_the_reset_form) {
    const MailMessage message = register_attempt_mail(sample_config(), "zoe@example.org", kWhen);
    BOOST_TEST(message.from == "noreply@demo.com");
    BOOST_TEST(message.to == "zoe@example.org");
    BOOST_TEST(message.subject == "Someone tried to register with your email");
    BOOST_TEST(!message.html_body.has_value());
    const std::string& text = message.text_body;
    BOOST_TEST(contains(text, "account at Flask Blog with this email address on 2026-11-28 16:22 UTC."));
    BOOST_TEST(contains(text, "no new account was made"));
    BOOST_TEST(contains(text, "\nhttps://blog.example/reset_password\n"));
    BOOST_TEST(contains(text, "If it was not you, there is nothing you need to do"));
    BOOST_TEST(!contains(text, "/reset_password/"), "the notice must not carry a reset link");
    BOOST_TEST(build_message(message, kWhen, "<1@demo.com>").ok());
}

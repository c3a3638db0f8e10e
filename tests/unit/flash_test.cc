// Flash messages: carried across one redirect, shown once, bounded, and never forged.
#define BOOST_TEST_MODULE flash
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "flash.h"
#include "session.h"

using namespace pwreset;

namespace {

constexpr std::int64_t kNow = 1764340000;
const Keyring kKeys{"current-secret", {}};

std::string cookie_value(const std::string& line) {
    const std::size_t eq = line.find('=');
    return line.substr(eq + 1, line.find(';') - eq - 1);
}

// The flash cookie's value as the browser would send it back.
std::string flash_cookie(const Response& response) {
    BOOST_REQUIRE_EQUAL(response.cookies().size(), 1u);
    const std::string& line = response.cookies().front();
    BOOST_REQUIRE(line.rfind("__Host-pwreset_flash=", 0) == 0u);
    return cookie_value(line);
}

Request with_flash(const std::string& value) {
    Request request;
    request.cookies = {{"__Host-pwreset_flash", value}};
    return request;
}

std::vector<FlashMessage> shown(const std::string& value, const Keyring& keys = kKeys,
                                std::int64_t now = kNow) {
    Response response;
    return take_flashes(with_flash(value), response, keys, true, now);
}

std::string flashed(const std::vector<FlashMessage>& messages, const Keyring& keys = kKeys) {
    Response response;
    for (const auto& message : messages) flash(response, keys, true, message, kNow);
    return flash_cookie(response);
}

const FlashMessage kSent{"info", "An email has been sent with instructions to reset your password."};
const FlashMessage kUpdated{"success", "Your password has been updated! You are now able to log in!"};

void check_messages(const std::vector<FlashMessage>& got, const std::vector<FlashMessage>& expected) {
    BOOST_REQUIRE_EQUAL(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        BOOST_TEST(got[i].category == expected[i].category);
        BOOST_TEST(got[i].text == expected[i].text);
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(messages_survive_the_redirect_in_order) {
    const FlashMessage awkward{"warning", "Quotes \" and \\ and ünïcode ✓ and\nnewline"};
    check_messages(shown(flashed({kSent})), {kSent});
    check_messages(shown(flashed({kSent, kUpdated, awkward})), {kSent, kUpdated, awkward});
}

BOOST_AUTO_TEST_CASE(the_cookie_is_a_browser_session_http_only_cookie) {
    Response response;
    flash(response, kKeys, false, kSent, kNow);
    BOOST_REQUIRE_EQUAL(response.cookies().size(), 1u);
    const std::string& line = response.cookies().front();
    BOOST_TEST(line.rfind("pwreset_flash=", 0) == 0u);
    BOOST_TEST(line.find("HttpOnly") != std::string::npos);
    BOOST_TEST(line.find("Max-Age") == std::string::npos);
    BOOST_TEST(line.find("Secure") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(taking_deletes_the_cookie_so_messages_show_once) {
    Response response;
    check_messages(take_flashes(with_flash(flashed({kSent})), response, kKeys, true, kNow), {kSent});
    const std::string line = response.cookies().at(0);
    BOOST_TEST(line.rfind("__Host-pwreset_flash=;", 0) == 0u);
    BOOST_TEST(line.find("Max-Age=0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(no_cookie_means_no_messages_and_no_set_cookie) {
    Response response;
    BOOST_TEST(take_flashes(Request{}, response, kKeys, true, kNow).empty());
    BOOST_TEST(response.cookies().empty());
}

BOOST_AUTO_TEST_CASE(forged_or_stale_cookies_show_nothing_and_are_deleted) {
    const std::string good = flashed({kSent});
    std::string flipped = good;
    const std::size_t payload_at = good.find('.') + 3;
    flipped[payload_at] = flipped[payload_at] == 'A' ? 'B' : 'A';
    Response session;
    start_session(session, kKeys, SessionSettings{}, 1, "$2b$12$hash", false, kNow);
    struct Case {
        const char* what;
        std::string value;
        std::int64_t now;
    };
    const Case cases[] = {
        {"empty", "", kNow},
        {"garbage", "not a token", kNow},
        {"tampered payload", flipped, kNow},
        {"another secret", flashed({kSent}, Keyring{"another-secret", {}}), kNow},
        {"expired", good, kNow + 601},
        {"a session cookie", cookie_value(session.cookies().at(0)), kNow},
        {"wrong shape", mint_token(kKeys.current, R"({"typ":"flash","m":[["info"]]})", kNow, 600), kNow},
        {"no typ", mint_token(kKeys.current, R"({"m":[["info","hi"]]})", kNow, 600), kNow},
    };
    BOOST_TEST(shown(good, kKeys, kNow + 600).size() == 1u);
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.what) {
            Response response;
            BOOST_TEST(take_flashes(with_flash(c.value), response, kKeys, true, c.now).empty());
            BOOST_REQUIRE_EQUAL(response.cookies().size(), 1u);
            BOOST_TEST(response.cookies().front().find("Max-Age=0") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(messages_flashed_before_a_key_rotation_still_show) {
    const std::string value = flashed({kUpdated}, Keyring{"old-secret", {}});
    check_messages(shown(value, Keyring{"new-secret", {"old-secret"}}), {kUpdated});
    BOOST_TEST(shown(value, Keyring{"new-secret", {}}).empty());
}

BOOST_AUTO_TEST_CASE(at_most_eight_messages_are_kept) {
    std::vector<FlashMessage> many;
    for (int i = 0; i < 12; ++i) many.push_back({"info", "message " + std::to_string(i)});
    const auto got = shown(flashed(many));
    check_messages(got, std::vector<FlashMessage>(many.begin(), many.begin() + 8));
}

BOOST_AUTO_TEST_CASE(long_texts_are_cut_at_500_bytes_on_a_character_boundary) {
    struct Case {
        std::string text;
        std::string expected;
    };
    const std::string a499(499, 'a');
    const Case cases[] = {
        {std::string(500, 'a'), std::string(500, 'a')},
        {std::string(501, 'a'), std::string(500, 'a')},
        {a499 + "é", a499},
        {a499 + "ab", a499 + "a"},
        {std::string(498, 'a') + "✓", std::string(498, 'a')},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.text.size() << " bytes") {
            const auto got = shown(flashed({{"info", c.text}}));
            BOOST_REQUIRE_EQUAL(got.size(), 1u);
            BOOST_TEST(got[0].text == c.expected);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_page_can_show_old_messages_and_flash_a_new_one) {
    Response response;
    check_messages(take_flashes(with_flash(flashed({kSent})), response, kKeys, true, kNow), {kSent});
    flash(response, kKeys, true, kUpdated, kNow);
    check_messages(shown(flash_cookie(response)), {kUpdated});
}

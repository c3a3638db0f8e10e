// Accept-Language negotiation: q values, primary-tag fallback, refusals, "*", and bad input.
#define BOOST_TEST_MODULE language
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "language.h"

using namespace pwreset;

namespace {

const std::vector<std::string> kAll = {"en", "de", "fr", "es"};

struct Case {
    const char* header;
    std::vector<std::string> offered;
    const char* expected;
};

template <std::size_t N>
void expect_choices(const Case (&cases)[N]) {
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("'" << c.header << "'") {
            BOOST_TEST(choose_language(c.header, c.offered) == c.expected);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_highest_ranked_offered_language_wins) {
    const Case cases[] = {
        {"fr-CH, fr;q=0.9, en;q=0.8", kAll, "fr"},
        {"de-DE,de;q=0.9", kAll, "de"},  // Chromium --lang=de
        {"de", kAll, "de"},
        {"es-419", kAll, "es"},
        {"en-US,en;q=0.9", kAll, "en"},
        {"ja, fr;q=0.5", kAll, "fr"},        // the first choice is not shipped
        {"en;q=0.5, de;q=0.7", kAll, "de"},  // q decides, not order
        {"de;q=0.7, fr;q=0.7", kAll, "de"},  // equal q: header order
        {"FR-ch", kAll, "fr"},               // tags are case-insensitive
        {"fr ; q=0.3 , es;Q=0.4", kAll, "es"},
        {"fr-CH, fr;q=0.9, en;q=0.8", {"en", "de"}, "en"},  // the `languages` key limits
        {"ja", {"de", "en"}, "de"},                         // no match: the first offered
        {"", kAll, "en"},
        {"", {"es"}, "es"},
    };
    expect_choices(cases);
}

BOOST_AUTO_TEST_CASE(q_zero_refuses_and_star_means_any_other) {
    const Case cases[] = {
        {"fr;q=0, de;q=0.1", kAll, "de"},
        {"en;q=0", kAll, "de"},               // nothing ranked: the first not refused
        {"fr, fr;q=0", kAll, "en"},           // a refusal outweighs the same tag's wish
        {"fr-CH;q=0, fr;q=0.5", kAll, "fr"},  // refusing a variant leaves the language
        {"*", kAll, "en"},
        {"de;q=0.5, *;q=0.8", kAll, "en"},  // "*" is the first language not named
        {"en, *;q=0.8, de;q=0.1", kAll, "en"},
        {"en;q=0.1, *;q=0.8", kAll, "de"},
        {"*;q=0", kAll, "en"},
    };
    expect_choices(cases);
}

BOOST_AUTO_TEST_CASE(malformed_elements_are_skipped_never_fatal) {
    const Case cases[] = {
        {"de;q=2, fr", kAll, "fr"},             // q above 1
        {"de;q=0.1234, fr;q=0.1", kAll, "fr"},  // more than three decimals
        {"de;q=, fr;q=0.1", kAll, "fr"},
        {"de;level=1, fr;q=0.1", kAll, "fr"},  // no q parameter
        {"d<e>, fr;q=0.1", kAll, "fr"},
        {",,, ;;, -de, de", kAll, "de"},
        {"de;q=-1, es;q=0.1", kAll, "es"},
    };
    expect_choices(cases);
    BOOST_TEST(choose_language(std::string(100000, ','), kAll) == "en");
    BOOST_TEST(choose_language(std::string(2000, ' ') + "de", kAll) == "en");  // past the first 1024 bytes
}

BOOST_AUTO_TEST_CASE(english_comes_first_of_the_shipped_languages) {
    BOOST_TEST(shipped_languages() == kAll);
}

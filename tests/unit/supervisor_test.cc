// The pause before a dead worker is replaced: at once after a long life, else growing.
#define BOOST_TEST_MODULE supervisor
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "supervisor.h"

using namespace pwreset;
using std::chrono::milliseconds;

BOOST_AUTO_TEST_CASE(quick_deaths_double_the_pause_up_to_five_seconds_and_a_long_life_resets_it) {
    struct Case {
        long previous;
        long lived;
        long pause;
    };
    const Case cases[] = {
        {0, 0, 100},      {0, 9999, 100},   {100, 50, 200},   {200, 50, 400}, {1600, 50, 3200},
        {3200, 50, 5000}, {5000, 50, 5000}, {5000, 10000, 0}, {0, 10000, 0},  {400, 600000, 0},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("previous " << c.previous << " ms, lived " << c.lived << " ms") {
            BOOST_TEST(restart_delay(milliseconds(c.previous), milliseconds(c.lived)).count() == c.pause);
        }
    }
}

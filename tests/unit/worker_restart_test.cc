// When a dead worker is replaced (at once after a long life, else after a growing pause) and
// how the log tells its end.
#define BOOST_TEST_MODULE worker_restart
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>

#include <csignal>

#include "worker_restart.h"

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

// The words INSTALL quotes: "worker 1234 was killed by signal 9 (Killed); starting another in 0.1 s".
BOOST_AUTO_TEST_CASE(the_log_says_how_a_worker_ended_and_how_long_until_the_next) {
    BOOST_TEST(end_cause(W_EXITCODE(0, SIGKILL)) == "was killed by signal 9 (Killed)");
    BOOST_TEST(end_cause(W_EXITCODE(0, SIGSEGV)) == "was killed by signal 11 (Segmentation fault)");
    BOOST_TEST(end_cause(W_EXITCODE(1, 0)) == "exited with status 1");
    BOOST_TEST(end_cause(W_EXITCODE(0, 0)) == "exited with status 0");
    BOOST_TEST(pause_text(milliseconds(100)) == "0.1 s");
    BOOST_TEST(pause_text(milliseconds(5000)) == "5.0 s");
}

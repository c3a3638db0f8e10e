// Unit tests for lib/clock: our seconds never trail the precise clock that Python's
// time.time() (and so Flask's cookie signer) reads.
#define BOOST_TEST_MODULE clock
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <ctime>

#include "clock.h"

using namespace pwreset;

namespace {

std::int64_t precise_seconds() {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    return now.tv_sec;
}

}  // namespace

// Right after a second turns the coarse clock behind time() still shows the old one; a Flask
// session signed in that instant would look signed in the future.
BOOST_AUTO_TEST_CASE(just_after_a_second_turns_the_new_second_is_read) {
    for (int turn = 0; turn < 3; ++turn) {
        const std::int64_t before = precise_seconds();
        std::int64_t turned = before;
        while (turned == before) turned = precise_seconds();
        BOOST_TEST(unix_now() >= turned);
    }
}

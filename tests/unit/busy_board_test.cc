// The busy board: slots handed out once each, states a worker sets seen by its supervisor
// across the fork, and a board without slots that counts every worker as busy.
#define BOOST_TEST_MODULE busy_board
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "busy_board.h"

using namespace pwreset;

BOOST_AUTO_TEST_CASE(each_slot_goes_to_one_worker_at_a_time_and_starts_idle) {
    BusyBoard board;
    BOOST_TEST_REQUIRE(board.open().ok());
    std::set<int> given;
    for (int i = 0; i < 200; ++i) {
        const int slot = board.claim();
        BOOST_TEST_REQUIRE(slot >= 0);
        BOOST_TEST(board.idle(slot));
        given.insert(slot);
    }
    BOOST_TEST(given.size() == 200u);
    board.release(17);
    BOOST_TEST(!board.idle(17));
    BOOST_TEST(board.claim() == 17);
}

BOOST_AUTO_TEST_CASE(a_worker_marks_its_slot_and_the_supervisor_sees_it_across_the_fork) {
    BusyBoard board;
    BOOST_TEST_REQUIRE(board.open().ok());
    const int slot = board.claim();
    int started[2];
    int finish[2];
    BOOST_TEST_REQUIRE(pipe(started) == 0);
    BOOST_TEST_REQUIRE(pipe(finish) == 0);
    const pid_t child = fork();
    BOOST_TEST_REQUIRE(child >= 0);
    if (child == 0) {
        char byte = 0;
        board.mark(slot, true);
        if (write(started[1], "x", 1) != 1 || read(finish[0], &byte, 1) != 1) _exit(1);
        board.mark(slot, false);
        _exit(0);
    }
    char byte = 0;
    BOOST_TEST_REQUIRE(read(started[0], &byte, 1) == 1);
    BOOST_TEST(!board.idle(slot));
    BOOST_TEST_REQUIRE(write(finish[1], "x", 1) == 1);
    int status = 0;
    BOOST_TEST_REQUIRE(waitpid(child, &status, 0) == child);
    BOOST_TEST(status == 0);
    BOOST_TEST(board.idle(slot));
    for (int fd : {started[0], started[1], finish[0], finish[1]}) close(fd);
}

BOOST_AUTO_TEST_CASE(without_slots_no_worker_counts_as_idle_and_marks_change_nothing) {
    BusyBoard empty;
    BOOST_TEST(empty.claim() == -1);
    empty.mark(-1, false);
    BOOST_TEST(!empty.idle(-1));
    BusyBoard board;
    BOOST_TEST_REQUIRE(board.open().ok());
    board.mark(-1, false);
    BOOST_TEST(!board.idle(-1));
    BOOST_TEST(!board.idle(1 << 20));
}

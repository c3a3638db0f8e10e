// Whole writes and reads on a descriptor: everything arrives, in order, and a refused write says so.
#define BOOST_TEST_MODULE fd_io
#define BOOST_TEST_DYN_LINK
#include <fcntl.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <csignal>
#include <string>
#include <thread>

#include "fd_io.h"

using namespace pwreset;

BOOST_AUTO_TEST_CASE(what_is_written_is_read_back_whole) {
    const std::string cases[] = {"", "one line\n",
                                 std::string(200000, 'x') + "end"};  // more than a pipe holds
    for (const std::string& bytes : cases) {
        BOOST_TEST_CONTEXT(bytes.size() << " bytes") {
            int pipe_fds[2];
            BOOST_REQUIRE(pipe2(pipe_fds, O_CLOEXEC) == 0);
            std::string read;
            std::thread reader([&] { read = read_all(pipe_fds[0]); });
            BOOST_TEST(write_all(pipe_fds[1], bytes));
            close(pipe_fds[1]);
            reader.join();
            close(pipe_fds[0]);
            BOOST_TEST(read == bytes);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_write_nobody_reads_is_refused) {
    std::signal(SIGPIPE, SIG_IGN);
    int pipe_fds[2];
    BOOST_REQUIRE(pipe2(pipe_fds, O_CLOEXEC) == 0);
    close(pipe_fds[0]);
    BOOST_TEST(!write_all(pipe_fds[1], "lost"));
    close(pipe_fds[1]);
}

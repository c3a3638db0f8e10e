// --listen: the unix socket's mode, a stale file replaced but a live socket or another file
// never, TCP, and the path removed at exit only while it is still ours.
#define BOOST_TEST_MODULE listen_socket
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <ostream>
#include <string>

#include "listen_socket.h"
#include "scratch_db.h"

namespace pwreset {
// Lets a failed check print which error came back.
std::ostream& operator<<(std::ostream& out, SocketError error) {
    return out << "SocketError(" << static_cast<int>(error) << ")";
}
}  // namespace pwreset

using namespace pwreset;

namespace {

bool connects(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    const int probe = socket(AF_UNIX, SOCK_STREAM, 0);
    const bool ok = connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    close(probe);
    return ok;
}

mode_t mode_of(const std::string& path) {
    struct stat info {};
    lstat(path.c_str(), &info);
    return info.st_mode;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The detail of a failed result, for check messages; Boost evaluates them even on success.
template <typename R>
std::string why(const R& result) {
    return result.ok() ? std::string() : result.detail();
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_unix_socket_gets_the_mode_asked_for_and_listens) {
    test::ScratchDir dir;
    for (const mode_t mode : {0660, 0600, 0666}) {
        BOOST_TEST_CONTEXT("mode " << std::oct << mode) {
            const std::string path = dir.file("login.sock");
            auto made = open_listen_socket(path, mode);
            BOOST_TEST_REQUIRE(made.ok(), why(made));
            BOOST_TEST(S_ISSOCK(mode_of(path)));
            BOOST_TEST((mode_of(path) & 0777) == mode);
            BOOST_TEST(connects(path));
            close_socket(*made);
            BOOST_TEST(access(path.c_str(), F_OK) != 0);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_stale_socket_file_is_replaced) {
    test::ScratchDir dir;
    const std::string path = dir.file("stale.sock");
    auto first = open_listen_socket(path, 0600);
    BOOST_TEST_REQUIRE(first.ok());
    close(first->fd);  // a crashed program: the file stays, nobody listens
    BOOST_TEST(!connects(path));
    auto second = open_listen_socket(path, 0600);
    BOOST_TEST_REQUIRE(second.ok(), why(second));
    BOOST_TEST(connects(path));
    close_socket(*second);
}

BOOST_AUTO_TEST_CASE(a_live_socket_or_another_file_is_never_taken_over) {
    test::ScratchDir dir;
    const std::string live = dir.file("live.sock");
    auto running = open_listen_socket(live, 0600);
    BOOST_TEST_REQUIRE(running.ok());
    auto second = open_listen_socket(live, 0600);
    BOOST_TEST_REQUIRE(!second.ok());
    BOOST_TEST(second.error() == SocketError::in_use);
    BOOST_TEST(contains(second.detail(), live + ": another process listens on it"), second.detail());
    BOOST_TEST(connects(live));

    const std::string file = dir.file("notes.txt");
    std::ofstream(file) << "keep me\n";
    auto over_file = open_listen_socket(file, 0600);
    BOOST_TEST_REQUIRE(!over_file.ok());
    BOOST_TEST(over_file.error() == SocketError::in_use);
    BOOST_TEST(contains(over_file.detail(), "is not a socket"), over_file.detail());
    std::string kept;
    std::getline(std::ifstream(file), kept);
    BOOST_TEST(kept == "keep me");
    close_socket(*running);
}

BOOST_AUTO_TEST_CASE(the_path_is_removed_at_exit_only_while_it_is_still_ours) {
    test::ScratchDir dir;
    const std::string path = dir.file("moved.sock");
    auto made = open_listen_socket(path, 0600);
    BOOST_TEST_REQUIRE(made.ok());
    unlink(path.c_str());
    std::ofstream(path) << "someone else's\n";
    close_socket(*made);
    BOOST_TEST(access(path.c_str(), F_OK) == 0);
}

BOOST_AUTO_TEST_CASE(tcp_listens_on_host_and_port) {
    auto made = open_listen_socket("127.0.0.1:0", 0660);
    BOOST_TEST_REQUIRE(made.ok(), why(made));
    sockaddr_in bound{};
    socklen_t size = sizeof bound;
    BOOST_TEST(getsockname(made->fd, reinterpret_cast<sockaddr*>(&bound), &size) == 0);
    BOOST_TEST(bound.sin_family == AF_INET);
    BOOST_TEST(ntohs(bound.sin_port) > 0);
    BOOST_TEST(made->path.empty());
    close_socket(*made);
}

BOOST_AUTO_TEST_CASE(addresses_that_name_no_socket_are_refused) {
    test::ScratchDir dir;
    struct Case {
        std::string address;
        SocketError error;
        const char* says;
    };
    const Case cases[] = {
        {"login.sock", SocketError::bad_address, "a path (with a /) or HOST:PORT"},
        {"127.0.0.1:", SocketError::bad_address, "HOST:PORT"},
        {":9000", SocketError::bad_address, "HOST:PORT"},
        {"127.0.0.1:http", SocketError::bad_address, "127.0.0.1:http"},
        {dir.file(std::string(120, 's')), SocketError::bad_address, "at most 107 bytes"},
        {dir.file("no-such-folder/login.sock"), SocketError::failed, "No such file or directory"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.address) {
            const auto made = open_listen_socket(c.address, 0660);
            BOOST_TEST_REQUIRE(!made.ok());
            BOOST_TEST(made.error() == c.error);
            BOOST_TEST(contains(made.detail(), c.says), made.detail());
        }
    }
}

BOOST_AUTO_TEST_CASE(a_taken_socket_is_non_blocking_for_the_workers_poll) {
    test::ScratchDir dir;
    auto taken = take_socket(SocketSource::listen, dir.file("w.sock"), 0600);
    BOOST_TEST_REQUIRE(taken.ok(), why(taken));
    BOOST_TEST((fcntl(taken->fd, F_GETFL) & O_NONBLOCK) != 0);
    BOOST_TEST(accept(taken->fd, nullptr, nullptr) == -1);
    BOOST_TEST(errno == EAGAIN);
    close_socket(*taken);
}

// The web programs' options: what each sets, and each wrong use refused with a clear line.
#define BOOST_TEST_MODULE program_args
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <ostream>
#include <string>
#include <vector>

#include "program_args.h"

namespace pwreset {
// Lets a failed check print which error came back.
std::ostream& operator<<(std::ostream& out, ArgsError error) {
    return out << "ArgsError(" << static_cast<int>(error) << ")";
}
}  // namespace pwreset

using namespace pwreset;

namespace {

Result<ProgramArgs, ArgsError> parse(std::vector<const char*> words) {
    words.insert(words.begin(), "login");
    return parse_program_args(static_cast<int>(words.size()), words.data());
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(no_options_means_two_workers_and_no_socket_of_its_own) {
    const auto args = parse({});
    BOOST_TEST_REQUIRE(args.ok());
    BOOST_TEST(!args->config);
    BOOST_TEST(args->workers == 2);
    BOOST_TEST(!args->listen);
    BOOST_TEST(args->socket_mode == 0660u);
    BOOST_TEST(!args->on_demand);
    BOOST_TEST(args->idle_timeout == 10);
}

BOOST_AUTO_TEST_CASE(each_option_sets_its_value) {
    const auto args = parse({"--config", "/etc/pwreset/pwreset.conf", "--workers", "7", "--listen",
                             "/run/pwreset/login.sock", "--socket-mode", "0600"});
    BOOST_TEST_REQUIRE(args.ok());
    BOOST_TEST(*args->config == "/etc/pwreset/pwreset.conf");
    BOOST_TEST(args->workers == 7);
    BOOST_TEST(*args->listen == "/run/pwreset/login.sock");
    BOOST_TEST(args->socket_mode == 0600u);

    const auto tcp = parse({"--listen", "127.0.0.1:9000", "--workers", "100"});
    BOOST_TEST_REQUIRE(tcp.ok());
    BOOST_TEST(*tcp->listen == "127.0.0.1:9000");
    BOOST_TEST(tcp->workers == 100);

    const auto on_demand = parse({"--on-demand", "--workers", "4", "--idle-timeout", "30"});
    BOOST_TEST_REQUIRE(on_demand.ok());
    BOOST_TEST(on_demand->on_demand);
    BOOST_TEST(on_demand->workers == 4);
    BOOST_TEST(on_demand->idle_timeout == 30);

    const auto flag_last = parse({"--idle-timeout", "86400", "--on-demand"});
    BOOST_TEST_REQUIRE(flag_last.ok());
    BOOST_TEST(flag_last->on_demand);
    BOOST_TEST(flag_last->idle_timeout == 86400);
}

BOOST_AUTO_TEST_CASE(wrong_uses_are_refused_naming_the_option) {
    struct Case {
        std::vector<const char*> words;
        ArgsError error;
        const char* says;
    };
    const Case cases[] = {
        {{"--verbose"}, ArgsError::unknown_option, "unknown option --verbose"},
        {{"login.conf"}, ArgsError::unknown_option, "unknown option login.conf"},
        {{"--config"}, ArgsError::missing_value, "--config needs a value"},
        {{"--listen", ""}, ArgsError::missing_value, "--listen needs a value"},
        {{"--workers", "0"}, ArgsError::bad_value, "from 1 to 100"},
        {{"--workers", "101"}, ArgsError::bad_value, "from 1 to 100"},
        {{"--workers", "-1"}, ArgsError::bad_value, "--workers"},
        {{"--workers", "2x"}, ArgsError::bad_value, "--workers"},
        {{"--workers", "99999999999999999999"}, ArgsError::bad_value, "--workers"},
        {{"--listen", "/s", "--socket-mode", "0800"}, ArgsError::bad_value, "octal"},
        {{"--listen", "/s", "--socket-mode", "1777"}, ArgsError::bad_value, "octal"},
        {{"--listen", "/s", "--socket-mode", "rw"}, ArgsError::bad_value, "octal"},
        {{"--socket-mode", "0660"}, ArgsError::bad_value, "--listen PATH"},
        {{"--listen", "127.0.0.1:9000", "--socket-mode", "0660"}, ArgsError::bad_value, "--listen PATH"},
        {{"--on-demand", "yes"}, ArgsError::unknown_option, "unknown option yes"},
        {{"--on-demand", "--idle-timeout"}, ArgsError::missing_value, "--idle-timeout needs a value"},
        {{"--on-demand", "--idle-timeout", "0"}, ArgsError::bad_value, "from 1 to 86400"},
        {{"--on-demand", "--idle-timeout", "86401"}, ArgsError::bad_value, "from 1 to 86400"},
        {{"--on-demand", "--idle-timeout", "10s"}, ArgsError::bad_value, "--idle-timeout"},
        {{"--idle-timeout", "10"}, ArgsError::bad_value, "only with --on-demand"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.says) {
            const auto args = parse(c.words);
            BOOST_TEST_REQUIRE(!args.ok());
            BOOST_TEST(args.error() == c.error);
            BOOST_TEST(contains(args.detail(), c.says), args.detail());
        }
    }
}

BOOST_AUTO_TEST_CASE(under_a_cgi_server_the_command_line_is_not_read) {
    // Apache turns GET /login?--config+/tmp/x.conf into these arguments.
    const char* words[] = {"login", "--config", "/tmp/x.conf"};
    setenv("GATEWAY_INTERFACE", "CGI/1.1", 1);
    const auto from_server = program_args(3, words);
    unsetenv("GATEWAY_INTERFACE");
    BOOST_TEST_REQUIRE(from_server.ok());
    BOOST_TEST(!from_server->config);

    const auto by_hand = program_args(3, words);
    BOOST_TEST_REQUIRE(by_hand.ok());
    BOOST_TEST(*by_hand->config == "/tmp/x.conf");
}

// A check in a child process: its answer comes back whole, a crash is named, and nothing the
// check changes stays in the caller.
#define BOOST_TEST_MODULE check_in_child
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>
#include <csignal>
#include <string>

#include "check_in_child.h"

using namespace pwreset;

namespace {

int touched_by_the_check = 0;

}  // namespace

BOOST_AUTO_TEST_CASE(the_checks_answer_comes_back) {
    struct Case {
        const char* what;
        std::function<Result<Done, std::string>()> check;
        bool ok;
        std::string detail;
    };
    const std::string long_line(70000, 'x');  // more than a pipe holds at once
    const Case cases[] = {
        {"success", [] { return Result<Done, std::string>(Done{}); }, true, ""},
        {"a failure's line",
         [] { return Result<Done, std::string>(fail(std::string(), "site.db: no such table: user")); }, false,
         "site.db: no such table: user"},
        {"a long line", [&] { return Result<Done, std::string>(fail(std::string(), long_line)); }, false,
         long_line},
        {"a crash",
         []() -> Result<Done, std::string> {
             std::raise(SIGKILL);
             return Done{};
         },
         false, "the check was killed by signal 9 (Killed)"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.what) {
            const auto result = check_in_child(c.check);
            BOOST_TEST(result.ok() == c.ok);
            if (!result.ok()) BOOST_TEST(result.detail() == c.detail);
        }
    }
}

BOOST_AUTO_TEST_CASE(what_the_check_changes_stays_in_the_child) {
    const auto result = check_in_child([] {
        touched_by_the_check = 1;
        return Result<Done, std::string>(Done{});
    });
    BOOST_TEST(result.ok());
    BOOST_TEST(touched_by_the_check == 0);
}

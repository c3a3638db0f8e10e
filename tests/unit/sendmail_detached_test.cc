// Mail after the answer: the caller returns at once, keeps no child, and the mail or its failure line follows.
#define BOOST_TEST_MODULE sendmail_detached
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mail.h"
#include "scratch_db.h"

using namespace pwreset;

namespace {

const std::string kMessage = "From: noreply@demo.com\nTo: zoe@example.org\nSubject: Hello\n\nHello Zoe\n";

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string script(const test::ScratchDir& dir, const std::string& name, const std::string& body) {
    const std::string path = dir.file(name);
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    chmod(path.c_str(), 0700);
    return path;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

struct Child {
    pid_t pid;
    char state;  // 'Z' for a zombie
};

// This process's children, from /proc: a child the caller forgot to reap shows up as 'Z'.
std::vector<Child> children() {
    std::vector<Child> found;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        const std::string stat = read_file(entry.path().string() + "/stat");
        const auto end = stat.rfind(") ");
        if (end == std::string::npos) continue;
        std::istringstream fields(stat.substr(end + 2));
        char state = 0;
        pid_t parent = 0;
        fields >> state >> parent;
        if (parent == getpid()) found.push_back({std::stoi(name), state});
    }
    return found;
}

// The detached sender's grandchild is reparented to this test process instead of init, so
// the test can see it finish and reap it.
struct Subreaper {
    Subreaper() { prctl(PR_SET_CHILD_SUBREAPER, 1); }
    ~Subreaper() {
        while (waitpid(-1, nullptr, 0) > 0 || errno == EINTR) {
        }
    }
};

// Waits for pid to end; its exit status, or -1 when it was killed or is still running at the deadline.
int exit_code_within(pid_t pid, double seconds) {
    const auto start = Clock::now();
    while (seconds_since(start) < seconds) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        usleep(10 * 1000);
    }
    return -1;
}

// stderr goes to a file while the object lives; the grandchild inherits it.
struct CapturedStderr {
    explicit CapturedStderr(const std::string& path) : saved(dup(STDERR_FILENO)) {
        const int file = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
        dup2(file, STDERR_FILENO);
        close(file);
    }
    ~CapturedStderr() {
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
    int saved;
};

}  // namespace

BOOST_AUTO_TEST_CASE(the_caller_returns_at_once_with_no_child_to_reap_and_the_mail_arrives) {
    Subreaper reaper;
    test::ScratchDir dir;
    const std::string slow = script(dir, "slow", "sleep 1; cat > \"$0.mail\"");
    BOOST_REQUIRE(children().empty());

    const auto start = Clock::now();
    auto handed = send_mail_detached(slow + " -t -i", kMessage, 10, "test", "mail");
    BOOST_TEST(seconds_since(start) < 0.3);
    BOOST_REQUIRE(handed.ok());

    // The only process left is the grandchild (reparented here), still running: the child in
    // between was reaped, or it would show up as a zombie.
    const std::vector<Child> left = children();
    BOOST_REQUIRE(left.size() == 1u);
    BOOST_TEST(left[0].state != 'Z');
    BOOST_TEST(exit_code_within(left[0].pid, 5) == 0);
    BOOST_TEST(read_file(slow + ".mail") == kMessage);
    BOOST_TEST(children().empty());
}

BOOST_AUTO_TEST_CASE(the_grandchild_holds_neither_stdin_nor_stdout) {
    Subreaper reaper;
    test::ScratchDir dir;
    int answer[2];
    BOOST_REQUIRE(pipe(answer) == 0);
    const int saved = dup(STDOUT_FILENO);
    dup2(answer[1], STDOUT_FILENO);
    close(answer[1]);
    auto handed =
        send_mail_detached(script(dir, "slow", "sleep 1; cat >/dev/null"), kMessage, 10, "test", "mail");
    dup2(saved, STDOUT_FILENO);
    close(saved);
    BOOST_REQUIRE(handed.ok());

    // Like a CGI server reading the answer: it ends now, not when sendmail does.
    const auto start = Clock::now();
    char byte;
    BOOST_TEST(read(answer[0], &byte, 1) == 0);
    BOOST_TEST(seconds_since(start) < 0.3);
    close(answer[0]);
    const std::vector<Child> left = children();
    BOOST_REQUIRE(left.size() == 1u);
    for (const char* fd : {"/fd/0", "/fd/1"}) {
        BOOST_TEST(std::filesystem::read_symlink("/proc/" + std::to_string(left[0].pid) + fd) == "/dev/null");
    }
    BOOST_TEST(exit_code_within(left[0].pid, 5) == 0);
}

BOOST_AUTO_TEST_CASE(each_failure_is_one_line_on_stderr_within_the_timeout) {
    struct Case {
        const char* body;  // empty: no such program
        const char* line;
    };
    const Case cases[] = {
        {"echo $$ > \"$0.pid\"; exec sleep 30",
         "reset_request: reset mail for user 7 not sent: sendmail timed out sendmail did not finish in time\n"},
        {"cat >/dev/null; exit 75",
         "reset_request: reset mail for user 7 not sent: sendmail reported a failure sendmail exited with status 75\n"},
        {"", "reset_request: reset mail for user 7 not sent: sendmail program not found "},
    };
    for (const Case& test : cases) {
        BOOST_TEST_CONTEXT("stand-in '" << test.body << "'") {
            Subreaper reaper;
            test::ScratchDir dir;
            const std::string command = *test.body ? script(dir, "stand-in", test.body) : dir.file("absent");
            const std::string log = dir.file("stderr.log");
            const auto start = Clock::now();
            Result<Done, MailError> handed = fail(MailError::spawn_failed);
            {
                CapturedStderr captured(log);
                handed = send_mail_detached(command, kMessage, 1, "reset_request", "reset mail for user 7");
            }
            BOOST_TEST(seconds_since(start) < 0.3);
            BOOST_REQUIRE(handed.ok());
            const std::vector<Child> left = children();
            BOOST_REQUIRE(left.size() == 1u);
            BOOST_TEST(exit_code_within(left[0].pid, 3) == 1);
            BOOST_TEST(seconds_since(start) < 2.0);
            const std::string logged = read_file(log);
            // "2026-11-29T18:00:00Z " (log_line's time stamp), then the line itself.
            const std::string after_time = logged.substr(std::min(logged.find(' ') + 1, logged.size()));
            BOOST_TEST(logged.find('Z') == 19u, logged);
            BOOST_TEST(after_time.rfind(test.line, 0) == 0u, logged);
            BOOST_TEST(std::count(logged.begin(), logged.end(), '\n') == 1);
            if (std::string pid = read_file(command + ".pid"); !pid.empty()) {
                // The hanging sendmail was killed at the deadline.
                BOOST_TEST(kill(std::stoi(pid), 0) == -1);
            }
        }
    }
}

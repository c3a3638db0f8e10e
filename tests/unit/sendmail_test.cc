// Handing mail to sendmail stand-ins: delivery, failures, hangs, early exits, scripts/mailcatch.
#define BOOST_TEST_MODULE sendmail
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "mail.h"

namespace pwreset {
// Lets a failed check print which error came back.
std::ostream& operator<<(std::ostream& out, MailError error) {
    return out << "MailError(" << static_cast<int>(error) << ")";
}
}  // namespace pwreset

using namespace pwreset;
namespace fs = std::filesystem;

namespace {

const std::string kMessage =
    "From: noreply@demo.com\nTo: zoe@example.org\nSubject: Password Reset Request\n\n"
    "Bonjour Zoë,\n.\nhttps://blog.example/reset_password/abc.def\n";
const std::string kLargeMessage(1 << 20, 'm');

// A fresh directory per test case holding the sendmail stand-ins, removed afterwards.
struct Sandbox {
    fs::path dir;
    Sandbox() {
        std::string pattern = (fs::temp_directory_path() / "pwreset-sendmail-XXXXXX").string();
        dir = mkdtemp(pattern.data());
    }
    ~Sandbox() { fs::remove_all(dir); }

    std::string script(const std::string& name, const std::string& body) const {
        const fs::path path = dir / name;
        std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
        fs::permissions(path, fs::perms::owner_all);
        return path.string();
    }
    std::string read(const std::string& name) const {
        std::ifstream in(dir / name, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        return bytes.str();
    }
};

// send_mail must leave neither a child to reap nor SIGPIPE blocked or pending.
void check_clean_state() {
    errno = 0;
    BOOST_TEST(waitpid(-1, nullptr, WNOHANG) == -1);
    BOOST_TEST(errno == ECHILD);
    sigset_t set;
    sigpending(&set);
    BOOST_TEST(sigismember(&set, SIGPIPE) == 0);
    pthread_sigmask(SIG_BLOCK, nullptr, &set);
    BOOST_TEST(sigismember(&set, SIGPIPE) == 0);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

BOOST_AUTO_TEST_CASE(message_reaches_sendmail_intact_with_its_arguments) {
    Sandbox box;
    const std::string catcher =
        box.script("catch",
                   "cat > \"$1/mail\"; shift; printf '%s\\n' \"$@\" > \"$0.args\"; "
                   "fds=$(readlink /proc/$$/fd/1 /proc/$$/fd/2); echo \"$fds\" > \"$0.fds\"");
    for (const std::string* message : {&kMessage, &kLargeMessage}) {
        const std::string command = catcher + "  " + box.dir.string() + "\t-t -i -f noreply@demo.com";
        auto sent = send_mail(command, *message, 10);
        BOOST_TEST(sent.ok());
        BOOST_TEST(box.read("mail") == *message);
    }
    BOOST_TEST(box.read("catch.args") == "-t\n-i\n-f\nnoreply@demo.com\n");
    BOOST_TEST(box.read("catch.fds") == "/dev/null\n/dev/null\n");
    check_clean_state();
}

BOOST_AUTO_TEST_CASE(the_child_inherits_no_other_descriptors) {
    Sandbox box;
    const int leaky = dup(STDERR_FILENO);  // no FD_CLOEXEC, like a socket libfcgi accepted
    const std::string probe =
        box.script("probe", "[ -e /proc/$$/fd/" + std::to_string(leaky) + " ] && exit 9; cat >/dev/null");
    auto sent = send_mail(probe, kMessage, 10);
    close(leaky);
    BOOST_TEST(sent.ok());
    check_clean_state();
}

// In plain-CGI mode the request's headers are environment variables: sendmail sees none of
// them, only a fixed PATH and who the program runs as (the shell adds PWD itself).
BOOST_AUTO_TEST_CASE(sendmail_gets_a_minimal_environment) {
    Sandbox box;
    const std::string dump = box.script("dump", "cat >/dev/null; /usr/bin/env > \"$0.env\"");
    const std::vector<std::pair<std::string, std::string>> request = {
        {"HTTP_COOKIE", "session=abc"},
        {"HTTP_HOST", "evil.example"},
        {"QUERY_STRING", "next=/x"},
        {"REMOTE_ADDR", "192.0.2.1"},
        {"PWRESET_CONFIG", "/etc/pwreset/pwreset.conf"},
        {"USER", "www-data"}};
    std::vector<std::optional<std::string>> saved;
    for (const auto& [name, value] : request) {
        const char* old = std::getenv(name.c_str());
        saved.push_back(old ? std::optional<std::string>(old) : std::nullopt);
        setenv(name.c_str(), value.c_str(), 1);
    }
    auto sent = send_mail(dump, kMessage, 10);
    for (std::size_t i = 0; i < request.size(); ++i) {
        const char* name = request[i].first.c_str();
        if (saved[i]) {
            setenv(name, saved[i]->c_str(), 1);
        } else {
            unsetenv(name);
        }
    }
    BOOST_REQUIRE(sent.ok());

    std::istringstream lines(box.read("dump.env"));
    std::vector<std::string> names;
    for (std::string line; std::getline(lines, line);) {
        names.push_back(line.substr(0, line.find('=')));
        if (names.back() == "PATH") BOOST_TEST(line == "PATH=/usr/sbin:/usr/bin:/sbin:/bin");
        if (names.back() == "USER") BOOST_TEST(line == "USER=www-data");
    }
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
        BOOST_TEST((name == "PATH" || name == "HOME" || name == "LOGNAME" || name == "USER" || name == "PWD"),
                   "sendmail saw " << name);
    }
    BOOST_TEST(std::count(names.begin(), names.end(), "PATH") == 1);
    BOOST_TEST(std::count(names.begin(), names.end(), "USER") == 1);
    check_clean_state();
}

// cat reads the whole message; `true` could exit before the write and fail it by chance.
BOOST_AUTO_TEST_CASE(a_program_on_path_is_found) {
    BOOST_TEST(send_mail("cat", kMessage, 10).ok());
    check_clean_state();
}

BOOST_AUTO_TEST_CASE(non_zero_exit_is_a_failure_with_the_status) {
    Sandbox box;
    auto sent = send_mail(box.script("fail", "cat >/dev/null; exit 75"), kMessage, 10);
    BOOST_REQUIRE(!sent.ok());
    BOOST_TEST(sent.error() == MailError::exit_status);
    BOOST_TEST(sent.detail().find("75") != std::string::npos, sent.detail());
    check_clean_state();
}

BOOST_AUTO_TEST_CASE(missing_or_unusable_programs_are_not_found) {
    Sandbox box;
    const std::string plain = (box.dir / "not-executable").string();
    std::ofstream(plain) << "#!/bin/sh\nexit 0\n";
    fs::permissions(plain, fs::perms::owner_read | fs::perms::owner_write);
    const std::vector<std::string> commands = {"",    " \t ",           (box.dir / "absent").string() + " -t",
                                               plain, box.dir.string(), "pwreset-no-such-sendmail -t -i"};
    for (const std::string& command : commands) {
        auto sent = send_mail(command, kMessage, 10);
        BOOST_TEST_CONTEXT("command '" << command << "'") {
            BOOST_REQUIRE(!sent.ok());
            BOOST_TEST(sent.error() == MailError::not_found);
        }
    }
    check_clean_state();
}

BOOST_AUTO_TEST_CASE(a_hanging_sendmail_is_killed_at_the_deadline) {
    Sandbox box;
    const std::string hang = box.script("hang", "sleep 30");
    for (const std::string* message : {&kMessage, &kLargeMessage}) {
        const auto start = std::chrono::steady_clock::now();
        auto sent = send_mail(hang, *message, 1);
        const double elapsed = seconds_since(start);
        BOOST_TEST_CONTEXT("message of " << message->size() << " bytes") {
            BOOST_REQUIRE(!sent.ok());
            BOOST_TEST(sent.error() == MailError::timeout);
            BOOST_TEST(elapsed >= 0.9);
            BOOST_TEST(elapsed < 2.0);
        }
    }
    check_clean_state();
}

BOOST_AUTO_TEST_CASE(a_sendmail_that_exits_without_reading_is_reported_not_fatal) {
    Sandbox box;
    struct Case {
        std::string body;
        MailError expected;
    };
    const Case cases[] = {{"exit 0", MailError::write_failed}, {"exit 3", MailError::exit_status}};
    for (const Case& test : cases) {
        auto sent = send_mail(box.script("early", test.body), kLargeMessage, 10);
        BOOST_TEST_CONTEXT("stand-in '" << test.body << "'") {
            BOOST_REQUIRE(!sent.ok());
            BOOST_TEST(sent.error() == test.expected);
        }
        check_clean_state();
    }
}

BOOST_AUTO_TEST_CASE(mailcatch_stores_each_message_as_one_file) {
    Sandbox box;
    const fs::path mail_dir = box.dir / "var" / "mail";
    const std::string command = "scripts/mailcatch " + mail_dir.string() + " -t -i -f noreply@demo.com -oi";
    BOOST_REQUIRE(send_mail(command, kMessage, 10).ok());
    BOOST_REQUIRE(send_mail(command, kLargeMessage, 10).ok());
    std::vector<std::string> stored;
    for (const auto& entry : fs::directory_iterator(mail_dir)) {
        stored.push_back(entry.path().filename().string());
        BOOST_TEST(entry.path().extension() == ".eml");
    }
    BOOST_REQUIRE(stored.size() == 2u);
    std::sort(stored.begin(), stored.end());
    BOOST_TEST(box.read("var/mail/" + stored[0]) == kMessage);
    BOOST_TEST(box.read("var/mail/" + stored[1]) == kLargeMessage);

    auto refused = send_mail("scripts/mailcatch /dev/null/mail -t -i", kMessage, 10);
    BOOST_REQUIRE(!refused.ok());
    BOOST_TEST(refused.error() == MailError::exit_status);
    check_clean_state();
}

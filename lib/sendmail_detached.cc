// Mail after the answer: a detached grandchild runs sendmail, so no worker ever waits for it.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "log.h"
#include "mail.h"

namespace pwreset {
namespace {

// The grandchild. Its own session, so a signal meant for the worker's process group (a
// Ctrl-C in a terminal) does not cut a mail short; /dev/null for stdin and stdout, since in
// plain-CGI mode stdout is the answer, which the server reads until every holder closes it.
// It leaves by _exit alone: exit handlers and destructors belong to the process it was
// copied from (its database connection, libfcgi's state).
[[noreturn]] void send_and_exit(const std::string& command, const std::string& message_bytes,
                                int timeout_seconds, const std::string& program, const std::string& what) {
    setsid();
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        if (null > STDERR_FILENO) ::close(null);
    } else {
        ::close(STDIN_FILENO);
        ::close(STDOUT_FILENO);
    }
    int code = 1;
    try {
        auto sent = send_mail(command, message_bytes, timeout_seconds);
        if (sent) {
            code = 0;
        } else {
            log_line(program, what + " not sent: " + describe(sent.error()) + " " + sent.detail());
        }
    } catch (...) {
        log_line(program, what + " not sent: out of memory");
    }
    _exit(code);
}

}  // namespace

Result<Done, MailError> send_mail_detached(const std::string& command, const std::string& message_bytes,
                                           int timeout_seconds, const std::string& program,
                                           const std::string& what) {
    const pid_t child = fork();
    if (child < 0) return fail(MailError::spawn_failed, std::string("fork: ") + std::strerror(errno));
    if (child == 0) {
        // The child only forks and leaves: the grandchild is then nobody's child here, and
        // the system (init or a subreaper) reaps it when it ends.
        const pid_t grandchild = fork();
        if (grandchild == 0) send_and_exit(command, message_bytes, timeout_seconds, program, what);
        _exit(grandchild < 0 ? 1 : 0);
    }
    int status = 0;
    pid_t done;
    while ((done = waitpid(child, &status, 0)) < 0 && errno == EINTR) {
    }
    // ECHILD: SIGCHLD is ignored, so the system reaped the child already.
    if (done == child && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
        return fail(MailError::spawn_failed, "the process to send the mail could not be started");
    }
    return Done{};
}

}  // namespace pwreset

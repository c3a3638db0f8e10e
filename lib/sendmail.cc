// Handing a message to the local sendmail: no shell, a deadline, a bare environment, no SIGPIPE, no zombies.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "mail.h"

namespace pwreset {
namespace {

using Clock = std::chrono::steady_clock;

bool is_executable_file(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && access(path.c_str(), X_OK) == 0;
}

// What sendmail sees of our environment: a fixed PATH and who we run as, nothing else. In
// plain-CGI mode the environment holds the request (HTTP_* headers, QUERY_STRING), which
// must not steer the mail program.
std::vector<std::string> sendmail_environment() {
    std::vector<std::string> variables = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin"};
    for (const char* name : {"HOME", "LOGNAME", "USER"}) {
        if (const char* value = std::getenv(name)) variables.push_back(std::string(name) + "=" + value);
    }
    return variables;
}

// stdout and stderr go to /dev/null so sendmail's chatter never reaches a FastCGI stream;
// descriptors above 2 are closed so the child holds no client connection open. The child
// gets its own process group (a timeout kills its helpers too) and default SIGPIPE
// handling and signal mask, whatever the caller uses.
Result<pid_t, MailError> spawn(const std::string& path, const std::vector<std::string>& words, int stdin_fd) {
    std::vector<char*> argv;
    for (const std::string& word : words) argv.push_back(const_cast<char*>(word.c_str()));
    argv.push_back(nullptr);
    const std::vector<std::string> variables = sendmail_environment();
    std::vector<char*> envp;
    for (const std::string& variable : variables) envp.push_back(const_cast<char*>(variable.c_str()));
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, stdin_fd, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);

    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t empty;
    sigemptyset(&empty);
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    posix_spawnattr_setsigmask(&attributes, &empty);
    posix_spawnattr_setsigdefault(&attributes, &pipe_only);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes,
                             POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

    pid_t pid = 0;
    int rc = posix_spawn(&pid, path.c_str(), &actions, &attributes, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (rc != 0) return fail(MailError::spawn_failed, path + ": " + std::strerror(rc));
    return pid;
}

// Blocks SIGPIPE for this thread only while writing, then takes back a SIGPIPE the write
// raised: the caller's handlers stay untouched and the process cannot die of it.
class SigpipeGuard {
public:
    SigpipeGuard() {
        sigemptyset(&pipe_only_);
        sigaddset(&pipe_only_, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        was_pending_ = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &pipe_only_, &saved_);
    }
    ~SigpipeGuard() {
        sigset_t pending;
        sigpending(&pending);
        if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
            timespec zero{};
            sigtimedwait(&pipe_only_, nullptr, &zero);
        }
        pthread_sigmask(SIG_SETMASK, &saved_, nullptr);
    }
    SigpipeGuard(const SigpipeGuard&) = delete;
    SigpipeGuard& operator=(const SigpipeGuard&) = delete;

private:
    sigset_t pipe_only_{};
    sigset_t saved_{};
    bool was_pending_ = false;
};

int milliseconds_left(Clock::time_point deadline) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::clamp<decltype(left)>(left, 0, INT_MAX));
}

// fd is non-blocking, so a sendmail that never reads cannot hold us past the deadline.
Result<Done, MailError> write_all(int fd, const std::string& bytes, Clock::time_point deadline) {
    SigpipeGuard guard;
    std::size_t written = 0;
    while (written < bytes.size()) {
        int wait = milliseconds_left(deadline);
        if (wait == 0) return fail(MailError::timeout, "sendmail did not read the message in time");
        pollfd target{fd, POLLOUT, 0};
        int ready = poll(&target, 1, wait);
        if (ready < 0 && errno != EINTR) {
            return fail(MailError::write_failed, std::string("poll: ") + std::strerror(errno));
        }
        if (ready <= 0) continue;
        ssize_t count = write(fd, bytes.data() + written, bytes.size() - written);
        if (count >= 0) {
            written += static_cast<std::size_t>(count);
        } else if (errno == EPIPE) {
            return fail(MailError::write_failed, "sendmail closed its input early");
        } else if (errno != EAGAIN && errno != EINTR) {
            return fail(MailError::write_failed, std::string("write to sendmail: ") + std::strerror(errno));
        }
    }
    return Done{};
}

// Polls instead of blocking in waitpid so that the deadline holds.
Result<int, MailError> wait_for(pid_t pid, Clock::time_point deadline) {
    auto pause = std::chrono::milliseconds(1);
    for (;;) {
        int status = 0;
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) return status;
        if (done < 0 && errno != EINTR) {
            return fail(MailError::exit_status, std::string("waiting for sendmail: ") + std::strerror(errno));
        }
        if (Clock::now() >= deadline) return fail(MailError::timeout, "sendmail did not finish in time");
        std::this_thread::sleep_for(std::min<Clock::duration>(pause, deadline - Clock::now()));
        pause = std::min(pause * 2, std::chrono::milliseconds(50));
    }
}

void kill_and_reap(pid_t pid) {
    kill(-pid, SIGKILL);
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
}

std::string describe_status(int status) {
    if (WIFSIGNALED(status)) return "sendmail was killed by signal " + std::to_string(WTERMSIG(status));
    return "sendmail exited with status " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

std::vector<std::string> split_command(const std::string& command) {
    std::vector<std::string> words;
    std::string word;
    for (char c : command + ' ') {
        if (c != ' ' && c != '\t') {
            word += c;
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    return words;
}

// Like execvp's search, except that empty PATH entries do not mean the working directory.
// sendmail often lives in /usr/sbin, which a web server's PATH may lack, hence the default.
std::optional<std::string> find_program(const std::string& name) {
    if (name.find('/') != std::string::npos) {
        return is_executable_file(name) ? std::optional(name) : std::nullopt;
    }
    const char* env_path = std::getenv("PATH");
    std::string dirs = env_path != nullptr && *env_path != '\0'
                           ? env_path
                           : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    for (std::size_t start = 0; start <= dirs.size();) {
        std::size_t end = std::min(dirs.find(':', start), dirs.size());
        std::string candidate = dirs.substr(start, end - start) + "/" + name;
        if (end > start && is_executable_file(candidate)) return candidate;
        start = end + 1;
    }
    return std::nullopt;
}

Result<Done, MailError> send_mail(const std::string& command, const std::string& message_bytes,
                                  int timeout_seconds) {
    std::vector<std::string> words = split_command(command);
    if (words.empty()) return fail(MailError::not_found, "no sendmail command configured");
    std::optional<std::string> path = find_program(words[0]);
    if (!path) return fail(MailError::not_found, words[0] + ": no such executable file");

    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
        return fail(MailError::spawn_failed, std::string("pipe: ") + std::strerror(errno));
    }
    auto pid = spawn(*path, words, pipe_fds[0]);
    close(pipe_fds[0]);
    if (!pid) {
        close(pipe_fds[1]);
        return pid.failure();
    }
    fcntl(pipe_fds[1], F_SETFL, O_NONBLOCK);
    Clock::time_point deadline = Clock::now() + std::chrono::seconds(std::max(timeout_seconds, 0));
    auto written = write_all(pipe_fds[1], message_bytes, deadline);
    close(pipe_fds[1]);
    if (!written && written.error() == MailError::timeout) {
        kill_and_reap(*pid);
        return written.failure();
    }
    auto status = wait_for(*pid, deadline);
    if (!status) {
        if (status.error() == MailError::timeout) kill_and_reap(*pid);
        return status.failure();
    }
    if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
        return fail(MailError::exit_status, describe_status(*status));
    }
    if (!written) return written.failure();
    return Done{};
}

}  // namespace pwreset

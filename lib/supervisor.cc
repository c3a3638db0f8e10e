// The supervisor's loop (signals are taken with sigtimedwait, never in a handler) and each
// worker's accept loop.
#include "supervisor.h"

#include <fcgiapp.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "log.h"

namespace pwreset {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kFirstDelay{100};
constexpr milliseconds kLongestDelay{5000};
constexpr milliseconds kHealthyLife{10000};

volatile std::sig_atomic_t stop_requested = 0;
void request_stop(int) { stop_requested = 1; }

// The supervisor keeps these blocked and takes them with sigtimedwait; its workers inherit
// the mask and let through only what they handle.
sigset_t supervisor_signals() {
    sigset_t set;
    sigemptyset(&set);
    for (int signal : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) sigaddset(&set, signal);
    return set;
}

std::string seconds(milliseconds span) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(span.count()) / 1000.0);
    return text;
}

std::string cause(int status) {
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        return "was killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
    }
    return "exited with status " + std::to_string(WEXITSTATUS(status));
}

// SIGTERM and SIGINT stay blocked while a request is answered and get through only while the
// worker waits for the next one, so a worker never leaves in the middle of a request.
int run_worker(const char* name, Worker& worker, int listen_fd) {
    struct sigaction stop {};
    stop.sa_handler = request_stop;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTERM, &stop, nullptr);
    sigaction(SIGINT, &stop, nullptr);
    sigset_t children;
    sigemptyset(&children);
    sigaddset(&children, SIGCHLD);
    sigprocmask(SIG_UNBLOCK, &children, nullptr);
    sigset_t waiting;
    sigprocmask(SIG_BLOCK, nullptr, &waiting);
    sigdelset(&waiting, SIGTERM);
    sigdelset(&waiting, SIGINT);

    if (auto opened = worker.open(); !opened) {
        log_line(name, opened.detail());
        return 1;
    }
    FCGX_Request request;
    if (FCGX_Init() != 0 || FCGX_InitRequest(&request, listen_fd, 0) != 0) {
        log_line(name, "cannot set up FastCGI");
        return 1;
    }
    while (!stop_requested) {
        pollfd socket{listen_fd, POLLIN, 0};
        if (ppoll(&socket, 1, nullptr, &waiting) <= 0) continue;
        const int accepted = FCGX_Accept_r(&request);
        // The socket is non-blocking: another worker may have taken the connection first.
        if (accepted == -EAGAIN) continue;
        if (accepted < 0) {
            log_line(name, std::string("accepting a connection failed: ") + std::strerror(-accepted));
            return 1;
        }
        worker.serve(request);
    }
    return 0;
}

class Supervisor {
public:
    Supervisor(const char* name, int listen_fd, int workers, const LoadWorker& reload)
        : name_(name), listen_fd_(listen_fd), workers_(workers), reload_(reload) {}

    int run(std::unique_ptr<Worker> first) {
        current_ = std::move(first);
        for (;;) {
            if (stop_pending()) drain();
            reap();
            if (draining_ && processes_.empty()) return 0;
            if (!draining_) start_missing();
            const int signal = next_signal();
            if (signal == SIGTERM || signal == SIGINT) drain();
            if (signal == SIGHUP) renew();
        }
    }

private:
    struct Process {
        Clock::time_point started;
        bool leaving = false;  // told to finish its request and exit; never replaced
    };

    int serving() const {
        return static_cast<int>(std::count_if(processes_.begin(), processes_.end(),
                                              [](const auto& entry) { return !entry.second.leaving; }));
    }

    // A SIGTERM to the whole group (systemd, scripts/stack) reaches the workers with this
    // one: taken before reaping, their exits are not mistaken for deaths to make up for.
    static bool stop_pending() {
        sigset_t stop;
        sigemptyset(&stop);
        sigaddset(&stop, SIGTERM);
        sigaddset(&stop, SIGINT);
        const timespec now{};
        return sigtimedwait(&stop, nullptr, &now) > 0;
    }

    void say(const std::string& line) const { log_line(name_, line); }

    // A signal, or 0 once a pending restart is due.
    int next_signal() const {
        const sigset_t set = supervisor_signals();
        if (draining_ || serving() >= workers_) return sigwaitinfo(&set, nullptr);
        const auto wait = std::max(restart_at_ - Clock::now(), Clock::duration::zero());
        const auto whole = std::chrono::duration_cast<std::chrono::seconds>(wait);
        const timespec timeout{static_cast<time_t>(whole.count()),
                               static_cast<long>(std::chrono::nanoseconds(wait - whole).count())};
        const int signal = sigtimedwait(&set, nullptr, &timeout);
        return signal < 0 ? 0 : signal;
    }

    void start_missing() {
        if (Clock::now() < restart_at_) return;
        while (serving() < workers_ && start_one()) {
        }
    }

    bool start_one() {
        const pid_t supervisor = getpid();
        const pid_t pid = fork();
        if (pid == 0) {
            // A worker whose supervisor is gone finishes its request and ends too.
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (getppid() != supervisor) _exit(0);
            const int code = run_worker(name_, *current_, listen_fd_);
            current_.reset();  // closes the database cleanly
            _exit(code);
        }
        if (pid < 0) {
            say(std::string("cannot start a worker: ") + std::strerror(errno));
            delay_restart(milliseconds::zero());
            return false;
        }
        processes_[pid] = Process{Clock::now()};
        return true;
    }

    void delay_restart(milliseconds lived) {
        backoff_ = restart_delay(backoff_, lived);
        restart_at_ = Clock::now() + backoff_;
    }

    void reap() {
        int status = 0;
        for (pid_t pid; (pid = waitpid(-1, &status, WNOHANG)) > 0;) {
            const auto found = processes_.find(pid);
            if (found == processes_.end()) continue;
            const Process process = found->second;
            processes_.erase(found);
            const std::string worker = "worker " + std::to_string(pid) + " " + cause(status);
            if (process.leaving) {
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) say(worker + " while finishing");
                continue;
            }
            delay_restart(std::chrono::duration_cast<milliseconds>(Clock::now() - process.started));
            say(worker + "; starting another" + (backoff_.count() > 0 ? " in " + seconds(backoff_) : ""));
        }
    }

    // Fresh workers with a fresh load start before the old ones are told to leave, so the
    // socket always has a worker that will take its next connection.
    void renew() {
        if (draining_) return;
        auto next = reload_();
        if (!next) {
            say("reload failed, the workers go on with the previous config: " + next.detail());
            return;
        }
        std::vector<pid_t> previous;
        for (auto& [pid, process] : processes_) {
            if (!process.leaving) previous.push_back(pid);
            process.leaving = true;
        }
        current_ = std::move(*next);
        backoff_ = milliseconds::zero();
        restart_at_ = Clock::now();
        start_missing();
        for (pid_t pid : previous) kill(pid, SIGTERM);
        say("reloaded; " + std::to_string(serving()) +
            " new workers, the previous ones finish their requests");
    }

    void drain() {
        draining_ = true;
        for (auto& [pid, process] : processes_) {
            process.leaving = true;
            kill(pid, SIGTERM);
        }
    }

    const char* name_;
    int listen_fd_;
    int workers_;
    const LoadWorker& reload_;
    std::unique_ptr<Worker> current_;
    std::map<pid_t, Process> processes_;
    bool draining_ = false;
    milliseconds backoff_{0};
    Clock::time_point restart_at_ = Clock::now();
};

}  // namespace

milliseconds restart_delay(milliseconds previous, milliseconds lived) {
    if (lived >= kHealthyLife) return milliseconds::zero();
    if (previous < kFirstDelay) return kFirstDelay;
    return std::min(previous * 2, kLongestDelay);
}

int supervise(const char* name, int listen_fd, int workers, std::unique_ptr<Worker> first,
              const LoadWorker& reload) {
    const sigset_t set = supervisor_signals();
    sigprocmask(SIG_BLOCK, &set, nullptr);
    // Whatever the parent left (a shell ignores SIGINT for background jobs; an ignored SIGCHLD
    // would reap workers unseen), these are taken from the mask only.
    for (int signal : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) std::signal(signal, SIG_DFL);
    Supervisor supervisor(name, listen_fd, workers, reload);
    return supervisor.run(std::move(first));
}

}  // namespace pwreset

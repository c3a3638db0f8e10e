// The supervisor's loop. Signals are read from a signalfd, never taken in a handler, so one
// poll waits for them and, on demand, for a connection that no worker has taken.
#include "supervisor.h"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "busy_board.h"
#include "log.h"
#include "worker_loop.h"

namespace pwreset {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kFirstDelay{100};
constexpr milliseconds kLongestDelay{5000};
constexpr milliseconds kHealthyLife{10000};
// On demand, how long a worker gets to take a waiting connection before the socket is looked
// at again, so the supervisor does not spin while the connection is being accepted.
constexpr milliseconds kSettle{10};
constexpr int kConnectionWaits = -1;

// The supervisor keeps these blocked and reads them from its signalfd; its workers inherit
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

timespec to_timespec(Clock::duration span) {
    span = std::max(span, Clock::duration::zero());
    const auto whole = std::chrono::duration_cast<std::chrono::seconds>(span);
    return {static_cast<time_t>(whole.count()),
            static_cast<long>(std::chrono::duration_cast<std::chrono::nanoseconds>(span - whole).count())};
}

class Supervisor {
public:
    Supervisor(const char* name, int listen_fd, const WorkerPool& pool, const LoadWorker& reload, int signals)
        : name_(name), listen_fd_(listen_fd), pool_(pool), reload_(reload), signals_(signals) {}

    int run(std::unique_ptr<Worker> first) {
        current_ = std::move(first);
        if (pool_.on_demand) {
            if (auto opened = board_.open(); !opened) {
                say(opened.detail());
                return 1;
            }
        }
        for (;;) {
            if (stop_pending()) drain();
            reap();
            if (draining_ && processes_.empty()) return 0;
            if (!draining_ && !pool_.on_demand) start_missing();
            const int event = next_event();
            if (event == SIGTERM || event == SIGINT) drain();
            if (event == SIGHUP) renew();
            if (event == kConnectionWaits) answer_demand();
        }
    }

private:
    struct Process {
        Clock::time_point started;
        bool leaving = false;  // told to finish its request and exit; never replaced
        int slot = -1;         // its place on the busy board (on demand only)
    };

    int serving() const {
        return static_cast<int>(std::count_if(processes_.begin(), processes_.end(),
                                              [](const auto& entry) { return !entry.second.leaving; }));
    }

    bool any_idle() const {
        return std::any_of(processes_.begin(), processes_.end(), [this](const auto& entry) {
            return !entry.second.leaving && board_.idle(entry.second.slot);
        });
    }

    // A SIGTERM to the whole group (scripts/stack) reaches the workers with this one: taken
    // before reaping, their exits are not mistaken for deaths to make up for.
    static bool stop_pending() {
        sigset_t stop;
        sigemptyset(&stop);
        sigaddset(&stop, SIGTERM);
        sigaddset(&stop, SIGINT);
        const timespec now{};
        return sigtimedwait(&stop, nullptr, &now) > 0;
    }

    void say(const std::string& line) const { log_line(name_, line); }

    // A signal; kConnectionWaits when, on demand, a connection waits on the socket; or 0
    // once a pending restart (or the next look at the socket) is due.
    int next_event() const {
        const bool room = !draining_ && serving() < pool_.workers;
        const auto due = pool_.on_demand ? std::max(restart_at_, look_at_) : restart_at_;
        const auto now = Clock::now();
        const bool watch = room && pool_.on_demand && now >= due;
        const timespec timeout = to_timespec(due - now);
        pollfd ready[2] = {{signals_, POLLIN, 0}, {listen_fd_, POLLIN, 0}};
        if (ppoll(ready, watch ? 2 : 1, room && !watch ? &timeout : nullptr, nullptr) <= 0) return 0;
        if (ready[0].revents & POLLIN) {
            signalfd_siginfo info{};
            // Empty when stop_pending() took the signal first.
            return read(signals_, &info, sizeof info) == sizeof info ? static_cast<int>(info.ssi_signo) : 0;
        }
        return watch && (ready[1].revents & POLLIN) ? kConnectionWaits : 0;
    }

    void start_missing() {
        if (Clock::now() < restart_at_) return;
        while (serving() < pool_.workers && start_one()) {
        }
    }

    // A connection waits: a free worker will take it; if none is free, one more starts.
    void answer_demand() {
        look_at_ = Clock::now() + kSettle;
        if (!any_idle()) start_one();
    }

    bool start_one() {
        const int slot = board_.claim();
        const pid_t supervisor = getpid();
        const pid_t pid = fork();
        if (pid == 0) {
            // A worker whose supervisor is gone finishes its request and ends too.
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (getppid() != supervisor) _exit(0);
            close(signals_);
            const WorkerSeat seat{listen_fd_, pool_.on_demand ? pool_.idle_timeout : std::chrono::seconds(0),
                                  &board_, slot};
            const int code = run_worker(name_, *current_, seat);
            current_.reset();  // closes the database cleanly
            _exit(code);
        }
        if (pid < 0) {
            board_.release(slot);
            say(std::string("cannot start a worker: ") + std::strerror(errno));
            delay_restart(milliseconds::zero());
            return false;
        }
        processes_[pid] = Process{Clock::now(), false, slot};
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
            board_.release(process.slot);
            const std::string worker = "worker " + std::to_string(pid) + " " + cause(status);
            if (process.leaving) {
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) say(worker + " while finishing");
                continue;
            }
            // On demand, a worker ends with 0 only after its idle timeout: nothing went wrong.
            if (pool_.on_demand && WIFEXITED(status) && WEXITSTATUS(status) == 0) continue;
            delay_restart(std::chrono::duration_cast<milliseconds>(Clock::now() - process.started));
            const std::string pause = backoff_.count() > 0 ? seconds(backoff_) : std::string();
            if (pool_.on_demand) {
                say(worker + "; the next starts on demand" + (pause.empty() ? "" : " after " + pause));
            } else {
                say(worker + "; starting another" + (pause.empty() ? "" : " in " + pause));
            }
        }
    }

    // Fresh workers with a fresh load start before the old ones are told to leave, so the
    // socket always has a worker that will take its next connection (on demand: one starts
    // as soon as a connection waits).
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
        restart_at_ = look_at_ = Clock::now();
        if (!pool_.on_demand) start_missing();
        for (pid_t pid : previous) kill(pid, SIGTERM);
        say(pool_.on_demand ? "reloaded; new workers start on demand, the previous ones finish their requests"
                            : "reloaded; " + std::to_string(serving()) +
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
    WorkerPool pool_;
    const LoadWorker& reload_;
    int signals_;
    BusyBoard board_;
    std::unique_ptr<Worker> current_;
    std::map<pid_t, Process> processes_;
    bool draining_ = false;
    milliseconds backoff_{0};
    Clock::time_point restart_at_ = Clock::now();
    Clock::time_point look_at_ = Clock::now();
};

}  // namespace

milliseconds restart_delay(milliseconds previous, milliseconds lived) {
    if (lived >= kHealthyLife) return milliseconds::zero();
    if (previous < kFirstDelay) return kFirstDelay;
    return std::min(previous * 2, kLongestDelay);
}

int supervise(const char* name, int listen_fd, const WorkerPool& pool, std::unique_ptr<Worker> first,
              const LoadWorker& reload) {
    const sigset_t set = supervisor_signals();
    sigprocmask(SIG_BLOCK, &set, nullptr);
    // Whatever the parent left (a shell ignores SIGINT for background jobs; an ignored SIGCHLD
    // would reap workers unseen), these are taken from the mask only.
    for (int signal : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) std::signal(signal, SIG_DFL);
    const int signals = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    if (signals < 0) {
        log_line(name, std::string("cannot wait for signals: ") + std::strerror(errno));
        return 1;
    }
    Supervisor supervisor(name, listen_fd, pool, reload, signals);
    const int code = supervisor.run(std::move(first));
    close(signals);
    return code;
}

}  // namespace pwreset

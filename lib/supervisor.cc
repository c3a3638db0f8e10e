// The supervisor's loop. Signals are read from a signalfd, never taken in a handler, so one
// poll waits for them and, on demand, for a connection on any socket that no worker has taken.
#include "supervisor.h"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "busy_board.h"
#include "log.h"
#include "worker_loop.h"
#include "worker_restart.h"

namespace pwreset {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// On demand, how long a worker gets to take a waiting connection before the socket is looked
// at again, so the supervisor does not spin while the connection is being accepted.
constexpr milliseconds kSettle{10};

// The supervisor keeps these blocked and reads them from its signalfd; its workers inherit
// the mask and let through only what they handle.
sigset_t supervisor_signals() {
    sigset_t set;
    sigemptyset(&set);
    for (int signal : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) sigaddset(&set, signal);
    return set;
}

timespec to_timespec(Clock::duration span) {
    span = std::max(span, Clock::duration::zero());
    const auto whole = std::chrono::duration_cast<std::chrono::seconds>(span);
    return {static_cast<time_t>(whole.count()),
            static_cast<long>(std::chrono::duration_cast<std::chrono::nanoseconds>(span - whole).count())};
}

class Supervisor {
public:
    Supervisor(const char* name, const std::vector<Listener>& listeners, const WorkerPool& pool,
               const LoadGeneration& reload, int signals)
        : name_(name), pool_(pool), reload_(reload), signals_(signals), pools_(listeners.size()) {
        for (std::size_t index = 0; index < listeners.size(); ++index)
            pools_[index].listener = listeners[index];
    }

    int run(Generation first) {
        take(std::move(first));
        if (pool_.on_demand) {
            for (Pool& pool : pools_) {
                if (auto opened = pool.board.open(); !opened) {
                    say(opened.detail());
                    return 1;
                }
            }
        }
        for (;;) {
            if (stop_pending()) drain();
            reap();
            if (draining_ && processes_.empty()) return 0;
            if (!draining_ && !pool_.on_demand) start_missing();
            std::vector<std::size_t> waiting;
            const int signal = next_event(waiting);
            if (signal == SIGTERM || signal == SIGINT) drain();
            if (signal == SIGHUP) renew();
            for (std::size_t index : waiting) answer_demand(index);
        }
    }

private:
    // One listener's workers and what they run.
    struct Pool {
        Listener listener{};
        std::unique_ptr<Worker> current;
        BusyBoard board;
        milliseconds backoff{0};
        Clock::time_point restart_at = Clock::now();
        Clock::time_point look_at = Clock::now();
    };

    struct Process {
        std::size_t pool = 0;
        Clock::time_point started;
        bool leaving = false;  // told to finish its request and exit; never replaced
        int slot = -1;         // its place on its pool's busy board (on demand only)
    };

    void take(Generation generation) {
        for (std::size_t index = 0; index < pools_.size(); ++index)
            pools_[index].current = std::move(generation[index]);
    }

    int serving(std::size_t pool) const {
        return static_cast<int>(std::count_if(
            processes_.begin(), processes_.end(),
            [pool](const auto& entry) { return entry.second.pool == pool && !entry.second.leaving; }));
    }

    int serving() const {
        return static_cast<int>(std::count_if(processes_.begin(), processes_.end(),
                                              [](const auto& entry) { return !entry.second.leaving; }));
    }

    bool any_idle(std::size_t pool) const {
        return std::any_of(processes_.begin(), processes_.end(), [this, pool](const auto& entry) {
            return entry.second.pool == pool && !entry.second.leaving &&
                   pools_[pool].board.idle(entry.second.slot);
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
    void say(const Pool& pool, const std::string& line) const { log_line(pool.listener.name, line); }

    // A signal, or 0 once a pending restart (or the next look at a socket) is due or, on
    // demand, when connections wait: `waiting` then names the pools whose sockets hold one.
    int next_event(std::vector<std::size_t>& waiting) const {
        const auto now = Clock::now();
        std::vector<pollfd> ready{{signals_, POLLIN, 0}};
        std::vector<std::size_t> watched;
        std::optional<Clock::time_point> wake;
        for (std::size_t index = 0; index < pools_.size(); ++index) {
            const Pool& pool = pools_[index];
            if (draining_ || serving(index) >= pool_.workers) continue;
            const auto due = pool_.on_demand ? std::max(pool.restart_at, pool.look_at) : pool.restart_at;
            if (pool_.on_demand && now >= due) {
                ready.push_back({pool.listener.fd, POLLIN, 0});
                watched.push_back(index);
            } else if (!wake || due < *wake) {
                wake = due;
            }
        }
        const timespec timeout = to_timespec(wake ? *wake - now : Clock::duration::zero());
        if (ppoll(ready.data(), ready.size(), wake ? &timeout : nullptr, nullptr) <= 0) return 0;
        if (ready[0].revents & POLLIN) {
            signalfd_siginfo info{};
            // Empty when stop_pending() took the signal first.
            return read(signals_, &info, sizeof info) == sizeof info ? static_cast<int>(info.ssi_signo) : 0;
        }
        for (std::size_t at = 0; at < watched.size(); ++at) {
            if (ready[at + 1].revents & POLLIN) waiting.push_back(watched[at]);
        }
        return 0;
    }

    void start_missing() {
        for (std::size_t index = 0; index < pools_.size(); ++index) {
            if (Clock::now() < pools_[index].restart_at) continue;
            while (serving(index) < pool_.workers && start_one(index)) {
            }
        }
    }

    // A connection waits: a free worker will take it; if none is free, one more starts.
    void answer_demand(std::size_t index) {
        pools_[index].look_at = Clock::now() + kSettle;
        if (!any_idle(index)) start_one(index);
    }

    bool start_one(std::size_t index) {
        Pool& pool = pools_[index];
        const int slot = pool.board.claim();
        const pid_t supervisor = getpid();
        const pid_t pid = fork();
        if (pid == 0) {
            // A worker whose supervisor is gone finishes its request and ends too.
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (getppid() != supervisor) _exit(0);
            // ps and the logs tell the pages' workers apart by this name.
            prctl(PR_SET_NAME, pool.listener.name);
            close(signals_);
            for (const Pool& other : pools_) {
                if (&other != &pool) close(other.listener.fd);
            }
            const WorkerSeat seat{pool.listener.fd,
                                  pool_.on_demand ? pool_.idle_timeout : std::chrono::seconds(0), &pool.board,
                                  slot};
            const int code = run_worker(pool.listener.name, *pool.current, seat);
            for (Pool& each : pools_) each.current.reset();  // closes the database cleanly
            _exit(code);
        }
        if (pid < 0) {
            pool.board.release(slot);
            say(pool, std::string("cannot start a worker: ") + std::strerror(errno));
            delay_restart(pool, milliseconds::zero());
            return false;
        }
        processes_[pid] = Process{index, Clock::now(), false, slot};
        return true;
    }

    static void delay_restart(Pool& pool, milliseconds lived) {
        pool.backoff = restart_delay(pool.backoff, lived);
        pool.restart_at = Clock::now() + pool.backoff;
    }

    void reap() {
        int status = 0;
        for (pid_t pid; (pid = waitpid(-1, &status, WNOHANG)) > 0;) {
            const auto found = processes_.find(pid);
            if (found == processes_.end()) continue;
            const Process process = found->second;
            processes_.erase(found);
            Pool& pool = pools_[process.pool];
            pool.board.release(process.slot);
            const std::string worker = "worker " + std::to_string(pid) + " " + end_cause(status);
            if (process.leaving) {
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) say(pool, worker + " while finishing");
                continue;
            }
            // On demand, a worker ends with 0 only after its idle timeout: nothing went wrong.
            if (pool_.on_demand && WIFEXITED(status) && WEXITSTATUS(status) == 0) continue;
            delay_restart(pool, std::chrono::duration_cast<milliseconds>(Clock::now() - process.started));
            const std::string pause = pool.backoff.count() > 0 ? pause_text(pool.backoff) : std::string();
            if (pool_.on_demand) {
                say(pool, worker + "; the next starts on demand" + (pause.empty() ? "" : " after " + pause));
            } else {
                say(pool, worker + "; starting another" + (pause.empty() ? "" : " in " + pause));
            }
        }
    }

    // Fresh workers with a fresh load start before the old ones are told to leave, so each
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
        take(std::move(*next));
        for (Pool& pool : pools_) {
            pool.backoff = milliseconds::zero();
            pool.restart_at = pool.look_at = Clock::now();
        }
        if (!pool_.on_demand) start_missing();
        // Logged before the old workers are told to leave, so the line precedes their exits.
        say(pool_.on_demand ? "reloaded; new workers start on demand, the previous ones finish their requests"
                            : "reloaded; " + std::to_string(serving()) +
                                  " new workers, the previous ones finish their requests");
        for (pid_t pid : previous) kill(pid, SIGTERM);
    }

    void drain() {
        draining_ = true;
        for (auto& [pid, process] : processes_) {
            process.leaving = true;
            kill(pid, SIGTERM);
        }
    }

    const char* name_;
    WorkerPool pool_;
    const LoadGeneration& reload_;
    int signals_;
    std::vector<Pool> pools_;
    std::map<pid_t, Process> processes_;
    bool draining_ = false;
};

}  // namespace

int supervise(const char* name, const std::vector<Listener>& listeners, const WorkerPool& pool,
              Generation first, const LoadGeneration& reload) {
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
    Supervisor supervisor(name, listeners, pool, reload, signals);
    const int code = supervisor.run(std::move(first));
    close(signals);
    return code;
}

}  // namespace pwreset

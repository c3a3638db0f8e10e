// The worker's accept loop. Signals that end it get through only while it waits.
#include "worker_loop.h"

#include <fcgiapp.h>
#include <poll.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>

#include "log.h"

namespace pwreset {
namespace {

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t stop_requested = 0;
void request_stop(int) { stop_requested = 1; }

timespec to_timespec(Clock::duration span) {
    const auto whole = std::chrono::duration_cast<std::chrono::seconds>(span);
    return {static_cast<time_t>(whole.count()),
            static_cast<long>(std::chrono::duration_cast<std::chrono::nanoseconds>(span - whole).count())};
}

}  // namespace

// SIGTERM and SIGINT stay blocked while a request is answered and get through only while the
// worker waits for the next one, so a worker never leaves in the middle of a request.
int run_worker(const char* name, Worker& worker, const WorkerSeat& seat) {
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
    if (FCGX_Init() != 0 || FCGX_InitRequest(&request, seat.listen_fd, 0) != 0) {
        log_line(name, "cannot set up FastCGI");
        return 1;
    }
    const bool may_idle_out = seat.idle_timeout.count() > 0;
    auto idle_since = Clock::now();
    while (!stop_requested) {
        timespec left{};
        if (may_idle_out) {
            // Waking for a connection another worker took does not restart the clock.
            const auto remaining = idle_since + seat.idle_timeout - Clock::now();
            if (remaining <= Clock::duration::zero()) return 0;
            left = to_timespec(remaining);
        }
        pollfd socket{seat.listen_fd, POLLIN, 0};
        if (ppoll(&socket, 1, may_idle_out ? &left : nullptr, &waiting) <= 0) continue;
        const int accepted = FCGX_Accept_r(&request);
        // The socket is non-blocking: another worker may have taken the connection first.
        if (accepted == -EAGAIN) continue;
        if (accepted < 0) {
            log_line(name, std::string("accepting a connection failed: ") + std::strerror(-accepted));
            return 1;
        }
        if (seat.board) seat.board->mark(seat.slot, true);
        worker.serve(request);
        if (seat.board) seat.board->mark(seat.slot, false);
        idle_since = Clock::now();
    }
    return 0;
}

}  // namespace pwreset

// A program's workers: forked from what the supervisor loaded once (all at start, or on
// demand), replaced when one dies, renewed on SIGHUP, drained on SIGTERM.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "result.h"

struct FCGX_Request;

namespace pwreset {

// What the supervisor loaded (config, secrets, templates) and each of its workers runs.
class Worker {
public:
    virtual ~Worker() = default;
    // In the worker, right after the fork: opens what two processes must never share (the
    // database). The detail is one line for stderr.
    virtual Result<Done, std::string> open() = 0;
    // Answers one accepted request and finishes it.
    virtual void serve(FCGX_Request& request) = 0;
};

// Loads a new generation on SIGHUP; a failure is one line, and the old workers keep serving.
using LoadWorker = std::function<Result<std::unique_ptr<Worker>, std::string>()>;

// How many workers run: `workers` at all times; or, on demand, none until a connection
// waits and at most `workers`, each ending after idle_timeout without a request.
struct WorkerPool {
    int workers = 2;
    bool on_demand = false;
    std::chrono::seconds idle_timeout{10};
};

// The pause before a worker that died after `lived` is replaced, given the pause before it:
// none after 10 s of life, else 0.1 s doubling up to 5 s, so one that dies at once is not
// restarted in a tight loop.
std::chrono::milliseconds restart_delay(std::chrono::milliseconds previous, std::chrono::milliseconds lived);

// Keeps the pool's workers of the newest generation accepting on listen_fd until SIGTERM or
// SIGINT, then waits for each to finish its request. name starts each log line on stderr.
// Returns the exit code.
int supervise(const char* name, int listen_fd, const WorkerPool& pool, std::unique_ptr<Worker> first,
              const LoadWorker& reload);

}  // namespace pwreset

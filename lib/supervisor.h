// A program's workers, one pool per socket: forked from what the supervisor loaded once (all
// at start, or on demand), replaced when one dies, renewed on SIGHUP, drained on SIGTERM.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

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

// A socket whose pool of workers answers one page; name starts the pool's log lines and is
// its workers' process name.
struct Listener {
    const char* name;
    int fd;
};

// What one load made: a Worker for each listener, in the listeners' order.
using Generation = std::vector<std::unique_ptr<Worker>>;

// Loads a new generation on SIGHUP; a failure is one line, and the old workers keep serving.
using LoadGeneration = std::function<Result<Generation, std::string>()>;

// How many workers each listener's pool runs: `workers` at all times; or, on demand, none
// until a connection waits and at most `workers`, each ending after idle_timeout without a
// request. Pools are separate, so a flood on one page never takes another page's workers.
struct WorkerPool {
    int workers = 2;
    bool on_demand = false;
    std::chrono::seconds idle_timeout{10};
};

// Keeps each listener's pool of workers of the newest generation accepting on its socket
// until SIGTERM or SIGINT, then waits for each to finish its request. name starts the log
// lines about the whole program (reloads) on stderr. Returns the exit code.
int supervise(const char* name, const std::vector<Listener>& listeners, const WorkerPool& pool,
              Generation first, const LoadGeneration& reload);

}  // namespace pwreset

// A worker's life after the fork: one connection at a time until it is told to stop or,
// on demand, until it has waited its idle timeout without one.
#pragma once

#include <chrono>

#include "busy_board.h"
#include "supervisor.h"

namespace pwreset {

// What a worker is given at the fork. An idle_timeout of zero never ends it for idleness.
struct WorkerSeat {
    int listen_fd = -1;
    std::chrono::seconds idle_timeout{0};
    BusyBoard* board = nullptr;  // marked busy around each request
    int slot = -1;
};

// Opens what the worker owns, then accepts and serves. Returns the exit code: 0 after a
// SIGTERM or SIGINT, or after the idle timeout; 1 when it cannot work (said on stderr).
int run_worker(const char* name, Worker& worker, const WorkerSeat& seat);

}  // namespace pwreset

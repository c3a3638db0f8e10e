// Which of a supervisor's workers are answering a request, in memory that stays shared
// across the fork: an on-demand supervisor starts another worker only when none is free.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "result.h"

namespace pwreset {

class BusyBoard {
public:
    // An empty board: it has no slots, and a worker without a slot counts as busy.
    BusyBoard() = default;
    ~BusyBoard();
    BusyBoard(const BusyBoard&) = delete;
    BusyBoard& operator=(const BusyBoard&) = delete;

    // Maps the shared page, before the first fork. The detail is one line for stderr.
    Result<Done, std::string> open();

    // In the supervisor: a slot for a worker about to be forked, idle until that worker
    // marks it; -1 when there is none to give.
    int claim();
    // In the supervisor, once the worker is reaped: the slot may go to another.
    void release(int slot);
    bool idle(int slot) const;

    // In the worker, around each request; a worker without a slot (-1) marks nothing.
    void mark(int slot, bool busy);

private:
    std::atomic<std::uint8_t>* slots_ = nullptr;
    int count_ = 0;
};

}  // namespace pwreset

// The board is one anonymous shared page of one-byte states, written without locks: each
// slot has one writer at a time (the supervisor before the fork and after the reap, the
// worker in between).
#include "busy_board.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>

namespace pwreset {
namespace {

enum State : std::uint8_t { kFree = 0, kIdle = 1, kBusy = 2 };

}  // namespace

BusyBoard::~BusyBoard() {
    if (slots_ != nullptr) munmap(slots_, static_cast<std::size_t>(count_) * sizeof *slots_);
}

Result<Done, std::string> BusyBoard::open() {
    static_assert(std::atomic<std::uint8_t>::is_always_lock_free,
                  "a lock in shared memory would not be shared");
    const long page = sysconf(_SC_PAGESIZE);
    const std::size_t size = page > 0 ? static_cast<std::size_t>(page) : 4096;
    void* memory = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
        return fail(std::string(), std::string("cannot share the workers' board: ") + std::strerror(errno));
    }
    count_ = static_cast<int>(size / sizeof *slots_);
    slots_ = new (memory) std::atomic<std::uint8_t>[static_cast<std::size_t>(count_)];
    for (int slot = 0; slot < count_; ++slot) slots_[slot].store(kFree, std::memory_order_relaxed);
    return Done{};
}

int BusyBoard::claim() {
    for (int slot = 0; slot < count_; ++slot) {
        if (slots_[slot].load(std::memory_order_relaxed) == kFree) {
            slots_[slot].store(kIdle, std::memory_order_relaxed);
            return slot;
        }
    }
    return -1;
}

void BusyBoard::release(int slot) {
    if (slot >= 0 && slot < count_) slots_[slot].store(kFree, std::memory_order_relaxed);
}

bool BusyBoard::idle(int slot) const {
    return slot >= 0 && slot < count_ && slots_[slot].load(std::memory_order_relaxed) == kIdle;
}

void BusyBoard::mark(int slot, bool busy) {
    if (slot >= 0 && slot < count_) slots_[slot].store(busy ? kBusy : kIdle, std::memory_order_relaxed);
}

}  // namespace pwreset

// The wall clock in whole seconds, from the precise real-time clock.
#include "clock.h"

#include <ctime>

namespace pwreset {

std::int64_t unix_now() {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    return static_cast<std::int64_t>(now.tv_sec);
}

}  // namespace pwreset

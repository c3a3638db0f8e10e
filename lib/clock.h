// The wall clock in whole seconds, read as Python and most other programs read it.
#pragma once

#include <cstdint>

namespace pwreset {

// Seconds since the Unix epoch from CLOCK_REALTIME. Not time(): on Linux that reads the
// kernel's coarse clock, which lags the precise one by up to a timer tick after each second
// turns, so a Flask cookie signed a moment before by a process reading the precise clock
// looks signed in the future and is refused.
std::int64_t unix_now();

}  // namespace pwreset

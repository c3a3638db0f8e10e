// When a worker that ended is replaced, and how its end is told in the log.
#pragma once

#include <chrono>
#include <string>

namespace pwreset {

// The pause before a worker that died after `lived` is replaced, given the pause before it:
// none after 10 s of life, else 0.1 s doubling up to 5 s, so one that dies at once is not
// restarted in a tight loop.
std::chrono::milliseconds restart_delay(std::chrono::milliseconds previous, std::chrono::milliseconds lived);

// A waitpid status as the log says it: "was killed by signal 9 (Killed)", "exited with status 1".
std::string end_cause(int status);

// A pause as the log says it: "0.4 s".
std::string pause_text(std::chrono::milliseconds span);

}  // namespace pwreset

// The restart back-off and the words for a worker's end.
#include "worker_restart.h"

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace pwreset {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kFirstDelay{100};
constexpr milliseconds kLongestDelay{5000};
constexpr milliseconds kHealthyLife{10000};

}  // namespace

milliseconds restart_delay(milliseconds previous, milliseconds lived) {
    if (lived >= kHealthyLife) return milliseconds::zero();
    if (previous < kFirstDelay) return kFirstDelay;
    return std::min(previous * 2, kLongestDelay);
}

std::string end_cause(int status) {
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        return "was killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
    }
    return "exited with status " + std::to_string(WEXITSTATUS(status));
}

std::string pause_text(milliseconds span) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(span.count()) / 1000.0);
    return text;
}

}  // namespace pwreset

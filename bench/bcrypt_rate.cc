// The bare bcrypt rate: WORKERS processes hashing at COST for SECONDS, as the reset page does.
//
// Each process counts only the hashes it finished before the deadline, as wrk counts only
// the answers it received, so the two rates compare like for like.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "password.h"

namespace {

using Clock = std::chrono::steady_clock;

long hashes_until(Clock::time_point deadline, int cost) {
    long done = 0;
    while (true) {
        auto hash = pwreset::hash_password("a bench password of ordinary length", cost);
        if (!hash) {
            std::fprintf(stderr, "bcrypt_rate: hashing failed: %s\n", hash.detail().c_str());
            std::exit(1);
        }
        if (Clock::now() > deadline) return done;
        ++done;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: bcrypt_rate WORKERS SECONDS COST\n");
        return 64;
    }
    const int workers = std::atoi(argv[1]);
    const double seconds = std::atof(argv[2]);
    const int cost = std::atoi(argv[3]);
    if (workers < 1 || seconds <= 0 || cost < 4) {
        std::fprintf(stderr, "bcrypt_rate: WORKERS >= 1, SECONDS > 0 and COST >= 4, please\n");
        return 64;
    }
    const auto deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    std::vector<int> pipes;
    for (int i = 0; i < workers; ++i) {
        int fds[2];
        if (pipe(fds) != 0) return 1;
        const pid_t pid = fork();
        if (pid < 0) return 1;
        if (pid == 0) {
            // Each worker spawn-fcgi starts leads its own session, which Linux schedules as a
            // group of its own (autogroup); the bare rate is taken under the same terms.
            setsid();
            close(fds[0]);
            const std::string count = std::to_string(hashes_until(deadline, cost));
            _exit(write(fds[1], count.data(), count.size()) == static_cast<ssize_t>(count.size()) ? 0 : 1);
        }
        close(fds[1]);
        pipes.push_back(fds[0]);
    }
    long total = 0;
    for (int fd : pipes) {
        char text[32] = {};
        const ssize_t got = read(fd, text, sizeof text - 1);
        close(fd);
        if (got <= 0) return 1;
        total += std::atol(text);
    }
    while (wait(nullptr) > 0) {
    }
    std::printf("%ld hashes in %.1f s with %d workers at cost %d: %.2f per second\n", total, seconds, workers,
                cost, static_cast<double>(total) / seconds);
    return 0;
}

// A check in a forked child: its answer comes back through a pipe, its exit through waitpid.
#include "check_in_child.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "fd_io.h"
#include "worker_restart.h"

namespace pwreset {
Result<Done, std::string> check_in_child(const std::function<Result<Done, std::string>()>& check) {
    int answer[2];
    if (pipe2(answer, O_CLOEXEC) != 0) {
        return fail(std::string(), std::string("cannot start a check: ") + std::strerror(errno));
    }
    const pid_t pid = fork();
    if (pid < 0) {
        const int error = errno;
        close(answer[0]);
        close(answer[1]);
        return fail(std::string(), std::string("cannot start a check: ") + std::strerror(error));
    }
    if (pid == 0) {
        close(answer[0]);
        const auto result = check();
        if (!result) (void)write_all(answer[1], result.detail());
        // _exit: the parent's stdio buffers and exit handlers are the parent's to run.
        _exit(result ? 0 : 1);
    }
    close(answer[1]);
    const std::string detail = read_all(answer[0]);
    close(answer[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return fail(std::string(), std::string("a check was lost: ") + std::strerror(errno));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Done{};
    if (!detail.empty() && WIFEXITED(status)) return fail(std::string(), detail);
    return fail(std::string(), "the check " + end_cause(status));
}

}  // namespace pwreset

// The web programs' command line: the config, the workers (kept or on demand), and where to listen.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "result.h"

namespace pwreset {

struct ProgramArgs {
    std::optional<std::string> config;  // --config PATH
    int workers = 2;                    // --workers N: kept running, or at most N --on-demand
    bool on_demand = false;             // --on-demand: workers start when requests wait
    int idle_timeout = 10;              // --idle-timeout SECONDS: an on-demand worker idle so long ends
    std::optional<std::string> listen;  // --listen PATH|HOST:PORT
    mode_t socket_mode = 0660;          // --socket-mode OCTAL, for a socket made by --listen PATH
};

enum class ArgsError {
    unknown_option,
    missing_value,
    bad_value,
};

constexpr int kMaxWorkers = 100;
constexpr int kMaxIdleTimeout = 86400;

// Reads `--name value` pairs and the flag --on-demand; the detail names the option and what was wrong.
Result<ProgramArgs, ArgsError> parse_program_args(int argc, const char* const* argv);

// The arguments this process was started with, or none at all when a CGI server started it:
// such a server may turn a query string into arguments (RFC 3875, section 4.4), and a
// visitor must not pick the config.
Result<ProgramArgs, ArgsError> program_args(int argc, const char* const* argv);

}  // namespace pwreset

// Parsing of the web programs' options; every value is checked before anything starts.
#include "program_args.h"

#include <cstdlib>
#include <cstring>
#include <string_view>

namespace pwreset {
namespace {

std::optional<long> number(std::string_view text, int base) {
    if (text.empty() || text.size() > 9) return std::nullopt;
    long value = 0;
    for (char c : text) {
        const int digit = c - '0';
        if (digit < 0 || digit >= base) return std::nullopt;
        value = value * base + digit;
    }
    return value;
}

}  // namespace

Result<ProgramArgs, ArgsError> parse_program_args(int argc, const char* const* argv) {
    ProgramArgs args;
    bool mode_given = false;
    bool idle_given = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view option = argv[i];
        if (option == "--on-demand") {
            args.on_demand = true;
            continue;
        }
        if (option != "--config" && option != "--workers" && option != "--listen" &&
            option != "--socket-mode" && option != "--idle-timeout") {
            return fail(ArgsError::unknown_option,
                        "unknown option " + std::string(option) +
                            " (options: --config PATH, --workers N, --on-demand, --idle-timeout SECONDS, "
                            "--listen PATH|HOST:PORT, --socket-mode MODE)");
        }
        if (i + 1 >= argc || argv[i + 1][0] == '\0') {
            return fail(ArgsError::missing_value, std::string(option) + " needs a value");
        }
        const std::string value = argv[++i];
        if (option == "--config") {
            args.config = value;
        } else if (option == "--listen") {
            args.listen = value;
        } else if (option == "--workers") {
            const auto workers = number(value, 10);
            if (!workers || *workers < 1 || *workers > kMaxWorkers) {
                return fail(ArgsError::bad_value, "--workers must be a number from 1 to " +
                                                      std::to_string(kMaxWorkers) + ", not " + value);
            }
            args.workers = static_cast<int>(*workers);
        } else if (option == "--idle-timeout") {
            const auto seconds = number(value, 10);
            if (!seconds || *seconds < 1 || *seconds > kMaxIdleTimeout) {
                return fail(ArgsError::bad_value, "--idle-timeout must be a number of seconds from 1 to " +
                                                      std::to_string(kMaxIdleTimeout) + ", not " + value);
            }
            args.idle_timeout = static_cast<int>(*seconds);
            idle_given = true;
        } else {
            const auto mode = number(value, 8);
            if (!mode || *mode > 0777) {
                return fail(ArgsError::bad_value,
                            "--socket-mode must be octal permissions such as 0660, not " + value);
            }
            args.socket_mode = static_cast<mode_t>(*mode);
            mode_given = true;
        }
    }
    if (mode_given && (!args.listen || args.listen->find('/') == std::string::npos)) {
        return fail(ArgsError::bad_value, "--socket-mode applies only to a socket made by --listen PATH");
    }
    if (idle_given && !args.on_demand) {
        return fail(ArgsError::bad_value, "--idle-timeout applies only with --on-demand");
    }
    return args;
}

Result<ProgramArgs, ArgsError> program_args(int argc, const char* const* argv) {
    if (std::getenv("GATEWAY_INTERFACE") != nullptr) return ProgramArgs{};
    return parse_program_args(argc, argv);
}

}  // namespace pwreset

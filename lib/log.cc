// Time-stamped log lines on stderr, written whole.
#include "log.h"

#include <unistd.h>

#include <ctime>
#include <string>

#include "fd_io.h"

namespace pwreset {

void log_line(std::string_view program, std::string_view text) {
    char stamp[32] = "0000-00-00T00:00:00Z";
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    if (gmtime_r(&now, &utc) != nullptr) std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
    std::string line;
    line.reserve(sizeof stamp + program.size() + text.size() + 4);
    line.append(stamp).append(" ").append(program).append(": ").append(text);
    for (char& c : line) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
    line.push_back('\n');
    // stderr may be a file several workers append to: one write(2) keeps the line whole.
    (void)write_all(STDERR_FILENO, line);
}

}  // namespace pwreset

// Whole writes and reads on a file descriptor, retried across signals.
#pragma once

#include <string>
#include <string_view>

namespace pwreset {

// Writes all of bytes to fd, going on after a signal or a short write; false if the
// descriptor refused the rest (a closed pipe, a full disk).
bool write_all(int fd, std::string_view bytes);

// Reads fd to its end (or to the first error) and returns what came.
std::string read_all(int fd);

}  // namespace pwreset

// A program's log lines: its stderr, each line stamped with the time and the program's name.
#pragma once

#include <string_view>

namespace pwreset {

// Writes "2026-11-29T18:00:00Z PROGRAM: TEXT\n" (UTC) to stderr in one write, so lines of
// workers appending to one file never mix. Control characters in TEXT become '?', so one
// call is always exactly one line.
void log_line(std::string_view program, std::string_view text);

}  // namespace pwreset

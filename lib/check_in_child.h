// A check run in a short-lived child process, so nothing it loads stays in the caller.
#pragma once

#include <functional>
#include <string>

#include "result.h"

namespace pwreset {

// Runs check in a forked child and answers as it answered: Done, or its failure's detail
// line. The supervisor checks the database this way, so it never maps SQLite's SQL compiler
// or libpq: only the workers use them, and an idle on-demand supervisor stays small.
Result<Done, std::string> check_in_child(const std::function<Result<Done, std::string>()>& check);

}  // namespace pwreset

// `pwreset config check` on owners and modes: the programs' user can read and write what it
// must, and no one else can read a secret.
#pragma once

#include <string>
#include <vector>

#include "config.h"

namespace pwreset {

// "user NAME" for the effective user the check runs as.
std::string checking_user();

// One line per problem with the config file, the secrets and the database, as the user
// running the check sees them.
std::vector<std::string> access_problems(const Config& config);

// Run as root, who can read and write everything: the command that checks as the programs'
// user instead. Empty for any other user.
std::string run_as_hint(const Config& config);

}  // namespace pwreset

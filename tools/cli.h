// Shared parts of the `pwreset` admin command: the parsed invocation, exit codes, helpers.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config.h"
#include "database.h"
#include "result.h"
#include "token.h"

namespace pwreset {

enum class Exit { ok = 0, failed = 1, usage = 2, expired = 3 };

// A verb's outcome; on failure the detail becomes the single "pwreset: ..." stderr line.
using Outcome = Result<Done, Exit>;

// The command line after the verb's name, already checked against the verb's table entry.
struct Invocation {
    std::optional<std::string> config_flag;    // --config, given before the verb
    std::map<std::string, std::string> flags;  // "--email" -> value
    std::vector<std::string> args;             // positional arguments

    // The value of a flag the verb's table entry lists; nullopt when not given.
    std::optional<std::string> flag(const std::string& name) const;
};

Failure<Exit> usage_error(std::string message);

// Loads the config and checks that the named keys are set; failures are usage errors
// whose detail names the file (and line).
Result<Config, Exit> load_for(const Invocation& invocation, std::initializer_list<const char*> keys);
Result<Keyring, Exit> load_keys(const Config& config);

// A decimal integer in [min, max]: digits only, no sign, no spaces.
Result<std::int64_t, Exit> parse_number(const std::string& flag, const std::string& text, std::int64_t min,
                                        std::int64_t max);
// --now when given, else the clock.
Result<std::int64_t, Exit> now_from(const Invocation& invocation);

// One line from stdin, its trailing newline removed, fit for bcrypt.
Result<std::string, Exit> read_password();
// A mail address as sendmail takes it (mail test --to: root@localhost will do): one '@', no
// spaces or control characters, at most 120 characters.
Result<Done, Exit> check_mail_address(const std::string& address);
// Form checks on --email and --username (lengths as flaskblog's columns, no control chars); an
// account's email must also pass the reset form's rule, or it could never ask for a link.
Result<Done, Exit> check_email(const std::string& email);
Result<Done, Exit> check_username(const std::string& username);

Outcome db_init(const Invocation& invocation);
Outcome db_copy(const Invocation& invocation);
Outcome user_add(const Invocation& invocation);
Outcome user_passwd(const Invocation& invocation);
Outcome user_list(const Invocation& invocation);
Outcome reset_link(const Invocation& invocation);
Outcome token_mint(const Invocation& invocation);
Outcome token_verify(const Invocation& invocation);
Outcome mail_test(const Invocation& invocation);
Outcome config_check(const Invocation& invocation);
Outcome config_keys(const Invocation& invocation);

}  // namespace pwreset

// What a new password must be: the form fields for choosing one, and a guessability check.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "forms.h"

namespace pwreset {

// "password" (new-password, minimum length from the config, bcrypt's 72-byte limit; its rules
// stated up front by new_password_help and new_password_rules) and "confirm_password"
// (equal to it), with the seed's labels.
std::vector<FieldSpec> new_password_fields(const Config& config);

// The rules a new password must meet, in one sentence, the same on every form.
std::string new_password_help(const Config& config);

// The same rules in Apple's passwordrules syntax, for browsers' password generators.
std::string new_password_rules(const Config& config);

// Why password is too easy to guess for this account, or nullopt. Checks the account's
// own username and email name, then cracklib's dictionary through libpwquality. No
// composition rules (NIST SP 800-63B): length and the blocklist carry the weight.
std::optional<std::string> password_weakness(std::string_view password, std::string_view username,
                                             std::string_view email);

}  // namespace pwreset

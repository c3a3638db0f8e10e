// What a new password must be: the form fields for choosing one, with their rules.
#pragma once

#include "config.h"
#include "forms.h"

namespace pwreset {

// "password" (new-password, minimum length from the config, bcrypt's 72-byte limit) and
// "confirm_password" (equal to it), with the seed's labels.
std::vector<FieldSpec> new_password_fields(const Config& config);

}  // namespace pwreset

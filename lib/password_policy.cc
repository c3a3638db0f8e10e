// The new-password fields and their validators.
#include "password_policy.h"

#include "password.h"

namespace pwreset {

std::vector<FieldSpec> new_password_fields(const Config& config) {
    return {
        {"password", "Password", "password", "new-password",
         {{Check::required},
          {Check::length, config.password_min_length, 0},
          {Check::max_bytes, 0, static_cast<int>(kBcryptMaxPasswordBytes)}}},
        {"confirm_password", "Confirm Password", "password", "new-password",
         {{Check::required}, {Check::equal_to, 0, 0, "password"}}},
    };
}

}  // namespace pwreset

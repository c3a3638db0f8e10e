// The messages pwreset mails: the reset link, in the seed's words.
#pragma once

#include <string>

#include "config.h"
#include "mail.h"

namespace pwreset {

constexpr const char* kResetSubject = "Password Reset Request";

// base_url + "/reset_password/" + token; the host never comes from the request.
std::string reset_link(const Config& config, const std::string& token);

// The seed's reset mail to the account's stored address.
MailMessage reset_mail(const Config& config, const std::string& to, const std::string& link);

// Builds and sends message through the configured sendmail with its timeout.
Result<Done, MailError> deliver(const Config& config, const MailMessage& message);

}  // namespace pwreset

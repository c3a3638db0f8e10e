// The reset mail's text and its delivery through the configured sendmail.
#include "reset_mail.h"

#include <ctime>

namespace pwreset {

std::string reset_link(const Config& config, const std::string& token) {
    return config.base_url + "/reset_password/" + token;
}

MailMessage reset_mail(const Config& config, const std::string& to, const std::string& link) {
    MailMessage message;
    message.from = config.mail_from;
    message.to = to;
    message.subject = kResetSubject;
    message.text_body = "To reset your password, visit the following link:\n" + link +
                        "\n\nIf you did not make this request, then simply ignore this email and no "
                        "change will happen.\n";
    return message;
}

Result<Done, MailError> deliver(const Config& config, const MailMessage& message) {
    auto bytes = build_message(message, static_cast<std::int64_t>(std::time(nullptr)),
                               make_message_id(message.from));
    if (!bytes) return bytes.failure();
    return send_mail(config.sendmail, *bytes, config.mail_timeout);
}

}  // namespace pwreset

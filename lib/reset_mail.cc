// The reset mail, the notices, and their delivery through the configured sendmail.
#include "reset_mail.h"

#include <ctime>

#include "clock.h"
#include "log.h"
#include "translate.h"

namespace pwreset {
namespace {

// "2026-11-28 16:22 UTC": unambiguous for readers in every time zone.
std::string utc_time(std::int64_t when) {
    auto seconds = static_cast<std::time_t>(when);
    std::tm utc{};
    if (gmtime_r(&seconds, &utc) == nullptr) return tr("an unknown time");
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d UTC", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min);
    return text;
}

}  // namespace

std::string reset_link(const Config& config, const std::string& token) {
    return config.base_url + "/reset_password/" + token;
}

MailMessage reset_mail(const Config& config, const Renderer& renderer, const std::string& to,
                       const std::string& link) {
    MailMessage message;
    message.from = config.mail_from;
    message.to = to;
    message.subject = tr(kResetSubject);
    message.text_body =
        tr("To reset your password, visit the following link:") + std::string("\n") + link + "\n\n" +
        tr("If you did not make this request, then simply ignore this email and no change will "
           "happen.") +
        "\n";
    message.html_body = renderer.render_plain(kResetMailTemplate, {{"LINK", link}});
    return message;
}

MailMessage password_changed_mail(const Config& config, const std::string& to, std::int64_t when) {
    MailMessage message;
    message.from = config.mail_from;
    message.to = to;
    message.subject = tr(kChangedSubject);
    // TRANSLATORS: the mail after a password reset. The %s are, in order, the site's name, a
    // time such as "2026-11-28 16:22 UTC" and the address of the page that asks for a reset
    // link (write %1$s, %2$s, %3$s to reorder them). Keep the address on a line of its own.
    message.text_body = format_text(
        tr("The password of your account at %s was changed on %s.\n\n"
           "If you made this change, there is nothing more to do.\n\n"
           "If you did not, someone else knew your password or can read your email.\n"
           "Take your account back at once: ask for a new password reset at\n"
           "%s\n"
           "and contact the people who run the site, so that they can check your "
           "account.\n"),
        config.site_name.c_str(), utc_time(when).c_str(), (config.base_url + "/reset_password").c_str());
    return message;
}

MailMessage register_attempt_mail(const Config& config, const std::string& to, std::int64_t when) {
    MailMessage message;
    message.from = config.mail_from;
    message.to = to;
    message.subject = tr(kRegisterAttemptSubject);
    // TRANSLATORS: the mail when someone tries to register with a taken address. The %s are,
    // in order, the site's name, a time such as "2026-11-28 16:22 UTC" and the address of the
    // page that asks for a reset link (%1$s, %2$s, %3$s reorder them), on a line of its own.
    message.text_body = format_text(
        tr("Someone tried to create a new account at %s with this email address "
           "on %s.\n\n"
           "You already have an account with this address, so no new account was "
           "made and nothing about your account has changed.\n\n"
           "If it was you: log in with your account as usual. If you have forgotten "
           "your password, ask for a new one at\n"
           "%s\n\n"
           "If it was not you, there is nothing you need to do; you can ignore this "
           "email.\n"),
        config.site_name.c_str(), utc_time(when).c_str(), (config.base_url + "/reset_password").c_str());
    return message;
}

Result<Done, MailError> deliver(const Config& config, const MailMessage& message) {
    auto bytes = build_message(message, unix_now(), make_message_id(message.from));
    if (!bytes) return bytes.failure();
    return send_mail(config.sendmail, *bytes, config.mail_timeout);
}

void mail_after_answer(Response& response, const Config& config, MailMessage message, std::string program,
                       std::string what) {
    response.after_send([&config, message = std::move(message), program = std::move(program),
                         what = std::move(what)] {
        auto bytes = build_message(message, unix_now(), make_message_id(message.from));
        auto handed = bytes ? send_mail_detached(config.sendmail, *bytes, config.mail_timeout, program, what)
                            : Result<Done, MailError>(bytes.failure());
        if (!handed) {
            log_line(program, what + " not sent: " + describe(handed.error()) + " " + handed.detail());
        }
    });
}

}  // namespace pwreset

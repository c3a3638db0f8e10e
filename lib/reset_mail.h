// The messages pwreset mails (the reset link in the seed's words, the notices) and their sending.
#pragma once

#include <cstdint>
#include <string>

#include "config.h"
#include "mail.h"
#include "render.h"
#include "response.h"
#include "translate.h"

namespace pwreset {

// The subjects, as msgids: the mails carry them in the language of the request that sent them.
constexpr const char* kResetSubject = N_("Password Reset Request");
constexpr const char* kChangedSubject = N_("Your password has been changed");
constexpr const char* kRegisterAttemptSubject = N_("Someone tried to register with your email");
// The reset mail's HTML part; a program that sends reset mails must preload it.
constexpr const char* kResetMailTemplate = "reset_mail.html.tpl";

// base_url + "/reset_password/" + token; the host never comes from the request.
std::string reset_link(const Config& config, const std::string& token);

// Each mail is written in the current language (translate.h), so in the visitor's.
// The seed's reset mail to the account's stored address: the seed's plain text word for
// word, plus an HTML part with the same link rendered from kResetMailTemplate.
MailMessage reset_mail(const Config& config, const Renderer& renderer, const std::string& to,
                       const std::string& link);

// Tells the account that its password changed at `when` (Unix time, shown in UTC) and what
// to do if that was not its owner. It carries no reset link: a reader of the mailbox must
// not be able to take the account back with it.
MailMessage password_changed_mail(const Config& config, const std::string& to, std::int64_t when);

// Tells the owner of an address that someone tried to open a new account with it at `when`
// (paranoid mode, where the page does not say the address is taken). Plain text, and its
// only link is the page that asks for a reset link.
MailMessage register_attempt_mail(const Config& config, const std::string& to, std::int64_t when);

// Builds and sends message through the configured sendmail with its timeout.
Result<Done, MailError> deliver(const Config& config, const MailMessage& message);

// Sends message once the answer has gone out, through send_mail_detached: neither the
// visitor nor the worker waits for sendmail. A failure is logged to stderr as
// a log line "<what> not sent: <why>" of program; what names the mail, never the address.
void mail_after_answer(Response& response, const Config& config, MailMessage message, std::string program,
                       std::string what);

}  // namespace pwreset

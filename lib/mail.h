// Building RFC 5322 messages and handing them to the local sendmail.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "result.h"

namespace pwreset {

struct MailMessage {
    std::string from;  // an address, optionally "Name <addr>"
    std::string to;
    std::string subject;                   // UTF-8; encoded as RFC 2047 when not plain ASCII
    std::string text_body;                 // UTF-8 plain text, LF line ends
    std::optional<std::string> html_body;  // when set: multipart/alternative
};

enum class MailError {
    header_injection,  // CR, LF or NUL in a header value
    bad_address,       // empty or malformed From/To
    not_found,         // the sendmail program does not exist or is not executable
    spawn_failed,
    write_failed,  // sendmail closed its input early
    exit_status,   // sendmail exited non-zero or was killed
    timeout,       // sendmail did not finish in time and was killed
};

// The message bytes, LF line ends as the sendmail interface expects. date is Unix time
// (rendered in UTC), message_id the full "<...@...>" value; both are parameters so that
// tests can check exact bytes.
Result<std::string, MailError> build_message(const MailMessage& message, std::int64_t date,
                                             const std::string& message_id);

// "<random-hex@domain>", the domain taken from the From address.
std::string make_message_id(const std::string& from);

// Runs command (split on spaces, no shell) with the message on stdin. Success only when it
// exits 0 within timeout_seconds; a hanging sendmail is killed. Never raises SIGPIPE.
// sendmail gets a fixed PATH (/usr/sbin:/usr/bin:/sbin:/bin) plus HOME, LOGNAME and USER
// when set: no request variable of a CGI environment reaches it.
Result<Done, MailError> send_mail(const std::string& command, const std::string& message_bytes,
                                  int timeout_seconds);

// send_mail from a detached process, for mail sent after the answer: returns as soon as a
// grandchild process has taken the message (the child between them is reaped at once, so
// the caller is left with no process to wait for). The grandchild keeps the deadline and,
// when sending fails, writes "<log_prefix> not sent: <why>" as one line to stderr. Failure
// here means only that no process could be started. The grandchild touches nothing of the
// caller's (no database, no FastCGI request, no exit handlers), and holds neither its
// stdin nor its stdout, so a CGI server sees the answer end.
Result<Done, MailError> send_mail_detached(const std::string& command, const std::string& message_bytes,
                                           int timeout_seconds, const std::string& program,
                                           const std::string& what);

const char* describe(MailError error);

// The words of a sendmail command: split at spaces and tabs, with no shell and no quoting.
std::vector<std::string> split_command(const std::string& command);

// The executable file send_mail runs for a command's first word: the word itself when it
// holds a '/', else the first match in PATH's folders (empty entries skipped; the system's
// usual folders when PATH is unset or empty); nullopt when there is none.
std::optional<std::string> find_program(const std::string& name);

}  // namespace pwreset

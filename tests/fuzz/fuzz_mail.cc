// libFuzzer target: building a mail message from untrusted addresses, subject and bodies.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "mail.h"

using namespace pwreset;

namespace {

// Fields are separated by the ASCII unit separator, so that NUL, CR and LF stay available
// to the fuzzer inside values: date, from, to, subject, message-id, text body, html body.
constexpr char kSeparator = '\x1f';

std::vector<std::string> split_fields(std::string_view input) {
    std::vector<std::string> fields;
    for (;;) {
        const std::size_t end = input.find(kSeparator);
        fields.emplace_back(input.substr(0, end));
        if (end == std::string_view::npos) return fields;
        input.remove_prefix(end + 1);
    }
}

// Every header line the builder writes, in order; anything else in the header block would
// be a value that escaped its field.
constexpr const char* kHeaderNames[] = {
    "From: ",          "To: ",           "Subject: ",      "Date: ",
    "Message-ID: ",    "MIME-Version: ", "Content-Type: ", "Content-Transfer-Encoding: ",
    "Auto-Submitted: "};

void check_headers(std::string_view message) {
    const std::size_t blank = message.find("\n\n");
    if (blank == std::string_view::npos) std::abort();
    std::string_view headers = message.substr(0, blank + 1);
    for (const char* name : kHeaderNames) {
        if (headers.rfind(name, 0) != 0) std::abort();
        // Folded continuation lines start with a space and belong to the same header.
        std::size_t end = headers.find('\n');
        while (end + 1 < headers.size() && headers[end + 1] == ' ') end = headers.find('\n', end + 1);
        headers.remove_prefix(end + 1);
    }
    if (!headers.empty()) std::abort();
    if (message.find('\r') != std::string_view::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> fields =
        split_fields(std::string_view(reinterpret_cast<const char*>(data), size));
    fields.resize(std::max<std::size_t>(fields.size(), 6));
    MailMessage message{fields[1], fields[2], fields[3], fields[5], std::nullopt};
    if (fields.size() > 6) message.html_body = fields[6];
    const std::int64_t date = std::strtoll(fields[0].c_str(), nullptr, 10);
    (void)make_message_id(message.from);

    auto built = build_message(message, date, fields[4]);
    if (built) check_headers(*built);
    return 0;
}

// Mail message building: RFC 5322 headers, RFC 2047 subjects, MIME bodies.
#include "mail.h"

#include <nettle/base64.h>

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <initializer_list>
#include <string_view>

#include "crypto.h"
#include "text.h"

namespace pwreset {
namespace {

constexpr std::size_t kMaxLine = 998;      // RFC 5322 hard limit, without the line end
constexpr std::size_t kFoldedLine = 75;    // RFC 2047 keeps encoded header lines under 76
constexpr std::size_t kWordOverhead = 12;  // "=?utf-8?B?" and "?="

bool has_injection(std::string_view value) {
    return value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// RFC 5322 atext; anything else in an address could make `sendmail -t` read the header
// as several recipients or as a comment.
bool is_atext(unsigned char c) {
    static constexpr std::string_view kSymbols = "!#$%&'*+-/=?^_`{|}~";
    return is_ascii_alnum(static_cast<char>(c)) ||
           (c != '\0' && kSymbols.find(static_cast<char>(c)) != std::string_view::npos);
}

bool is_plain_ascii(std::string_view text) {
    for (unsigned char c : text) {
        if (c < 0x20 || c > 0x7e) return false;
    }
    return true;
}

bool valid_addr_spec(std::string_view addr) {
    std::size_t at = addr.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == addr.size() ||
        addr.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    for (std::size_t i = 0; i < addr.size(); ++i) {
        auto c = static_cast<unsigned char>(addr[i]);
        bool ok = i < at
                      ? is_atext(c) || c == '.' || c >= 0x80
                      : i == at || is_ascii_alnum(static_cast<char>(c)) || c == '-' || c == '.' || c >= 0x80;
        if (!ok) return false;
    }
    return true;
}

bool valid_display_name(std::string_view name) {
    for (unsigned char c : name) {
        if (!is_atext(c) && c != '.' && c != ' ' && c < 0x80) return false;
    }
    return true;
}

struct Address {
    std::string_view name;  // empty when the value is a bare addr-spec
    std::string_view addr;
};

std::optional<Address> parse_address(std::string_view value) {
    if (!value.empty() && value.back() == '>') {
        std::size_t open = value.rfind('<');
        if (open == std::string_view::npos) return std::nullopt;
        std::string_view name = value.substr(0, open);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        std::string_view addr = value.substr(open + 1, value.size() - open - 2);
        if (!valid_display_name(name) || !valid_addr_spec(addr)) return std::nullopt;
        return Address{name, addr};
    }
    if (!valid_addr_spec(value)) return std::nullopt;
    return Address{{}, value};
}

std::string base64(std::string_view bytes) {
    std::string out(BASE64_ENCODE_RAW_LENGTH(bytes.size()), '\0');
    base64_encode_raw(out.data(), bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
    return out;
}

std::size_t char_length(std::string_view text, std::size_t at) {
    std::size_t end = at;
    next_code_point(text, end);
    return end - at;
}

// RFC 2047 "B" words folded with "\n "; a character never straddles two words, since
// each word must decode to whole characters on its own. used is the line's prefix length.
std::string encode_words(std::string_view text, std::size_t used) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t budget = (kFoldedLine - used - kWordOverhead) / 4 * 3;
        std::size_t end = start + char_length(text, start);
        while (end < text.size() && end + char_length(text, end) - start <= budget) {
            end += char_length(text, end);
        }
        if (!out.empty()) out += "\n ";
        out += "=?utf-8?B?" + base64(text.substr(start, end - start)) + "?=";
        used = 1;
        start = end;
    }
    return out;
}

std::string header_text(std::string_view text, std::size_t used) {
    return is_plain_ascii(text) ? std::string(text) : encode_words(text, used);
}

Result<std::string, MailError> render_address(std::string_view value, std::size_t used) {
    auto address = parse_address(value);
    if (!address) return fail(MailError::bad_address, "malformed address: " + std::string(value));
    if (address->name.empty()) return std::string(address->addr);
    return header_text(address->name, used) + " <" + std::string(address->addr) + ">";
}

std::string rfc5322_date(std::int64_t date) {
    static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    auto seconds = static_cast<std::time_t>(date);
    std::tm utc{};
    if (gmtime_r(&seconds, &utc) == nullptr) {
        seconds = 0;
        gmtime_r(&seconds, &utc);
    }
    char text[64];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday], utc.tm_mday,
                  kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
    return text;
}

std::string normalise_body(std::string_view body) {
    std::string out;
    out.reserve(body.size() + 1);
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] != '\r') {
            out += body[i];
            continue;
        }
        out += '\n';
        if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
    }
    if (out.empty() || out.back() != '\n') out += '\n';
    return out;
}

// 8bit allows neither NUL nor lines over the RFC 5322 limit.
bool needs_quoted_printable(std::string_view text) {
    std::size_t line = 0;
    for (char c : text) {
        if (c == '\0') return true;
        line = c == '\n' ? 0 : line + 1;
        if (line > kMaxLine) return true;
    }
    return false;
}

std::string quoted_printable(std::string_view text) {
    std::string out;
    std::size_t column = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            out += '\n';
            column = 0;
            continue;
        }
        bool line_end = i + 1 == text.size() || text[i + 1] == '\n';
        bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !line_end);
        std::string piece =
            literal ? std::string(1, static_cast<char>(c)) : "=" + hex_digits(c, 2, HexCase::upper);
        if (column + piece.size() > kFoldedLine) {
            out += "=\n";
            column = 0;
        }
        out += piece;
        column += piece.size();
    }
    return out;
}

struct Part {
    const char* encoding;
    std::string content;
};

Part encode_body(std::string_view body) {
    std::string text = normalise_body(body);
    if (needs_quoted_printable(text)) return {"quoted-printable", quoted_printable(text)};
    return {"8bit", std::move(text)};
}

// Derived from the Message-ID so that a message's bytes depend only on its inputs.
std::string make_boundary(const std::string& message_id, const Part& text, const Part& html) {
    for (unsigned round = 0;; ++round) {
        std::string digest = hmac_sha256("pwreset mime boundary", message_id + '/' + std::to_string(round));
        std::string boundary = "=_pwreset_" + to_hex(digest).substr(0, 24);
        if (text.content.find(boundary) == std::string::npos &&
            html.content.find(boundary) == std::string::npos) {
            return boundary;
        }
    }
}

// The newline before the next "--boundary" belongs to that delimiter (RFC 2046), so the part
// keeps its own last newline only with one more added.
std::string part_block(const std::string& boundary, const char* type, const Part& part) {
    return "--" + boundary + "\nContent-Type: " + type +
           "; charset=utf-8\nContent-Transfer-Encoding: " + part.encoding + "\n\n" + part.content + "\n";
}

}  // namespace

Result<std::string, MailError> build_message(const MailMessage& message, std::int64_t date,
                                             const std::string& message_id) {
    for (const std::string* value : {&message.from, &message.to, &message.subject, &message_id}) {
        if (has_injection(*value)) {
            return fail(MailError::header_injection, "CR, LF or NUL in a mail header value");
        }
    }
    auto from = render_address(message.from, 6);
    if (!from) return from.failure();
    auto to = render_address(message.to, 4);
    if (!to) return to.failure();

    std::string out = "From: " + *from + "\nTo: " + *to + "\nSubject: " + header_text(message.subject, 9) +
                      "\nDate: " + rfc5322_date(date) + "\nMessage-ID: " + message_id +
                      "\nMIME-Version: 1.0\n";
    Part text = encode_body(message.text_body);
    if (!message.html_body) {
        return out + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: " + text.encoding +
               "\nAuto-Submitted: auto-generated\n\n" + text.content;
    }
    Part html = encode_body(*message.html_body);
    std::string boundary = make_boundary(message_id, text, html);
    return out + "Content-Type: multipart/alternative; boundary=\"" + boundary +
           "\"\nContent-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\n" +
           part_block(boundary, "text/plain", text) + part_block(boundary, "text/html", html) + "--" +
           boundary + "--\n";
}

std::string make_message_id(const std::string& from) {
    std::string domain = "localhost";
    if (auto address = parse_address(from)) {
        domain = std::string(address->addr.substr(address->addr.find('@') + 1));
    }
    return "<" + to_hex(random_bytes(16)) + "@" + domain + ">";
}

const char* describe(MailError error) {
    switch (error) {
        case MailError::header_injection: return "line break or NUL in a mail header";
        case MailError::bad_address: return "malformed mail address";
        case MailError::not_found: return "sendmail program not found";
        case MailError::spawn_failed: return "sendmail could not be started";
        case MailError::write_failed: return "sendmail did not take the whole message";
        case MailError::exit_status: return "sendmail reported a failure";
        case MailError::timeout: return "sendmail timed out";
    }
    return "unknown mail error";
}

}  // namespace pwreset

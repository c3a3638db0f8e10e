// Building reset mails: exact bytes, MIME structure, header encoding and what is refused.
#define BOOST_TEST_MODULE mail
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <nettle/base64.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "mail.h"

namespace pwreset {
// Lets a failed check print which error came back.
std::ostream& operator<<(std::ostream& out, MailError error) {
    return out << "MailError(" << static_cast<int>(error) << ")";
}
}  // namespace pwreset

using namespace pwreset;

namespace {

constexpr std::int64_t kDate = 1795882935;  // Sat, 28 Nov 2026 16:22:15 UTC
const std::string kMessageId = "<0123456789abcdef0123456789abcdef@demo.com>";

MailMessage sample() {
    return {"Demo Blog <noreply@demo.com>", "Zoë Tester <zoe@example.org>",
            "Réinitialisation du mot de passe — demande pour votre compte sur le blog",
            "Bonjour Zoë,\r\n\r\nTo reset your password, visit the following link:\r\n"
            "https://blog.example/reset_password/abc.def\r\n.\r\n— the blog",
            std::nullopt};
}

std::string build(const MailMessage& message) {
    auto built = build_message(message, kDate, kMessageId);
    BOOST_REQUIRE_MESSAGE(built.ok(), (built.ok() ? std::string() : built.detail()));
    return built.value();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string header_block(const std::string& message) { return message.substr(0, message.find("\n\n") + 1); }

std::string body_of(const std::string& message) { return message.substr(message.find("\n\n") + 2); }

std::string base64_decode(const std::string& text) {
    base64_decode_ctx context;
    base64_decode_init(&context);
    std::string out(BASE64_DECODE_LENGTH(text.size()), '\0');
    std::size_t length = out.size();
    BOOST_REQUIRE(base64_decode_update(&context, &length, reinterpret_cast<std::uint8_t*>(out.data()),
                                       text.size(), text.data()) == 1);
    BOOST_REQUIRE(base64_decode_final(&context) == 1);
    out.resize(length);
    return out;
}

// True when bytes hold only whole UTF-8 characters.
bool whole_utf8(const std::string& bytes) {
    for (std::size_t i = 0; i < bytes.size();) {
        auto lead = static_cast<unsigned char>(bytes[i]);
        std::size_t length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
        if (length == 0 || i + length > bytes.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(bytes[i + k]) & 0xc0) != 0x80) return false;
        }
        i += length;
    }
    return true;
}

std::string quoted_printable_decode(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '=') {
            out += text[i];
        } else if (text[i + 1] != '\n') {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            ++i;
        }
    }
    return out;
}

bool is_lower_hex(const std::string& text) {
    return !text.empty() && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// The base64 text of line when it is exactly prefix + one encoded word, else nullopt.
std::optional<std::string> encoded_word(const std::string& line, const std::string& prefix) {
    const std::string open = prefix + "=?utf-8?B?";
    if (line.compare(0, open.size(), open) != 0 || line.size() < open.size() + 2 ||
        line.compare(line.size() - 2, 2, "?=") != 0) {
        return std::nullopt;
    }
    std::string text = line.substr(open.size(), line.size() - open.size() - 2);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
    if (text.empty() || text.find_first_not_of(alphabet) != std::string::npos) return std::nullopt;
    return text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(sample_message_has_exact_bytes) {
    const std::string expected =
        "From: Demo Blog <noreply@demo.com>\n"
        "To: =?utf-8?B?Wm/DqyBUZXN0ZXI=?= <zoe@example.org>\n"
        "Subject: =?utf-8?B?UsOpaW5pdGlhbGlzYXRpb24gZHUgbW90IGRlIHBhc3NlIOKAlCBk?=\n"
        " =?utf-8?B?ZW1hbmRlIHBvdXIgdm90cmUgY29tcHRlIHN1ciBsZSBibG9n?=\n"
        "Date: Sat, 28 Nov 2026 16:22:15 +0000\n"
        "Message-ID: <0123456789abcdef0123456789abcdef@demo.com>\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "Auto-Submitted: auto-generated\n"
        "\n"
        "Bonjour Zoë,\n\nTo reset your password, visit the following link:\n"
        "https://blog.example/reset_password/abc.def\n.\n— the blog\n";
    BOOST_TEST(build(sample()) == expected);
}

BOOST_AUTO_TEST_CASE(html_alternative_is_a_well_formed_multipart) {
    MailMessage message = sample();
    message.html_body = "<p>Bonjour Zoë,</p>\n<p><a href=\"https://blog.example/\">reset</a></p>\n";
    const std::string built = build(message);
    BOOST_TEST(build(message) == built);

    const std::string headers = header_block(built);
    const std::string marker = "\nContent-Type: multipart/alternative; boundary=\"";
    const std::size_t start = headers.find(marker);
    BOOST_REQUIRE(start != std::string::npos);
    const std::size_t end = headers.find('"', start + marker.size());
    const std::string boundary = headers.substr(start + marker.size(), end - start - marker.size());
    BOOST_TEST(boundary.rfind("=_pwreset_", 0) == 0u);
    BOOST_TEST(is_lower_hex(boundary.substr(10)));
    BOOST_TEST(headers.substr(end) ==
               "\"\nContent-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n");
    const std::string expected_body =
        "--" + boundary + "\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" +
        "Bonjour Zoë,\n\nTo reset your password, visit the following link:\n"
        "https://blog.example/reset_password/abc.def\n.\n— the blog\n\n" +
        "--" + boundary + "\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" +
        *message.html_body + "\n--" + boundary + "--\n";
    BOOST_TEST(body_of(built) == expected_body);

    message.text_body = "A body that quotes --" + boundary + " in a line\n";
    const std::string rebuilt = build(message);
    BOOST_TEST(rebuilt.find("boundary=\"" + boundary + "\"") == std::string::npos);
    BOOST_TEST(rebuilt.find("Content-Type: multipart/alternative; boundary=\"=_pwreset_") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(line_breaks_and_nul_in_headers_are_refused) {
    const std::vector<std::string> bad = {"\r", "\n", std::string(1, '\0'), "\r\nBcc: victim@example.org"};
    for (const std::string& injected : bad) {
        for (int field = 0; field < 4; ++field) {
            MailMessage message = sample();
            std::string message_id = kMessageId;
            std::string* targets[] = {&message.from, &message.to, &message.subject, &message_id};
            targets[field]->insert(targets[field]->size() / 2, injected);
            auto built = build_message(message, kDate, message_id);
            BOOST_TEST_CONTEXT("field " << field << ", injected byte " << int(injected[0])) {
                BOOST_REQUIRE(!built.ok());
                BOOST_TEST(built.error() == MailError::header_injection);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(addresses_are_checked_and_rendered) {
    struct Case {
        std::string input;
        std::optional<std::string> rendered;  // nullopt: refused as bad_address
    };
    const std::vector<Case> cases = {
        {"user@example.org", "user@example.org"},
        {"first.last+tag@mail.example.org", "first.last+tag@mail.example.org"},
        {"Site Name <noreply@demo.com>", "Site Name <noreply@demo.com>"},
        {"<noreply@demo.com>", "noreply@demo.com"},
        {"Zoë <zoe@example.org>", "=?utf-8?B?Wm/Dqw==?= <zoe@example.org>"},
        {"", std::nullopt},
        {"no-at-sign", std::nullopt},
        {"a@b@example.org", std::nullopt},
        {"@example.org", std::nullopt},
        {"user@", std::nullopt},
        {"user name@example.org", std::nullopt},
        {" user@example.org", std::nullopt},
        {"user@example.org ", std::nullopt},
        {"a@example.org,b@example.org", std::nullopt},
        {"a,b@example.org", std::nullopt},
        {"user@exa mple.org", std::nullopt},
        {"Name <user@example.org", std::nullopt},
        {"Name user@example.org>", std::nullopt},
        {"Name <>", std::nullopt},
        {"Evil, <x@example.org> <user@example.org>", std::nullopt},
        {"\"Quoted\" <user@example.org>", std::nullopt},
    };
    for (const Case& test : cases) {
        for (bool as_from : {true, false}) {
            MailMessage message = sample();
            (as_from ? message.from : message.to) = test.input;
            auto built = build_message(message, kDate, kMessageId);
            BOOST_TEST_CONTEXT("address '" << test.input << "' as " << (as_from ? "From" : "To")) {
                BOOST_REQUIRE(built.ok() == test.rendered.has_value());
                if (test.rendered) {
                    const std::string line = (as_from ? "From: " : "\nTo: ") + *test.rendered + "\n";
                    BOOST_TEST(built.value().find(line) != std::string::npos);
                } else {
                    BOOST_TEST(built.error() == MailError::bad_address);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(subjects_fold_into_short_lines_of_whole_characters) {
    const std::vector<std::string> subjects = {
        "Password Reset Request",
        "Réinitialisation",
        "パスワードの再設定のご依頼について、以下のリンクからお手続きください。よろしくお願いいたします。",
        "🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑 reset",
        "Ab" + std::string(3, '\x01') + "tab\there",
    };
    for (const std::string& subject : subjects) {
        MailMessage message = sample();
        message.subject = subject;
        const std::string headers = header_block(build(message));
        const std::size_t start = headers.find("Subject: ");
        const std::size_t end = headers.find("\nDate: ");
        const std::vector<std::string> lines = lines_of(headers.substr(start, end - start));
        BOOST_TEST_CONTEXT("subject " << subject) {
            if (subject == subjects[0]) {
                BOOST_TEST(lines.front() == "Subject: " + subject);
                continue;
            }
            std::string decoded;
            for (std::size_t i = 0; i < lines.size(); ++i) {
                BOOST_TEST(lines[i].size() < 76u);
                auto word = encoded_word(lines[i], i == 0 ? "Subject: " : " ");
                BOOST_REQUIRE_MESSAGE(word, lines[i]);
                const std::string chunk = base64_decode(*word);
                BOOST_TEST(whole_utf8(chunk));
                decoded += chunk;
            }
            BOOST_TEST(decoded == subject);
        }
    }
}

BOOST_AUTO_TEST_CASE(body_line_ends_become_single_lf) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"a\r\nb", "a\nb\n"}, {"a\rb\n", "a\nb\n"},       {"", "\n"},
        {"a\n\n", "a\n\n"},   {".\n..dot", ".\n..dot\n"}, {"x\r\n\r\n", "x\n\n"},
    };
    for (const auto& [input, expected] : cases) {
        MailMessage message = sample();
        message.text_body = input;
        BOOST_TEST(body_of(build(message)) == expected);
    }
}

BOOST_AUTO_TEST_CASE(overlong_lines_switch_the_body_to_quoted_printable) {
    MailMessage message = sample();
    std::string long_line;
    while (long_line.size() <= 1000) long_line += "é=x ";
    message.text_body = long_line + "\ntrailing space \nshort\n";
    const std::string built = build(message);
    BOOST_TEST(header_block(built).find("\nContent-Transfer-Encoding: quoted-printable\n") !=
               std::string::npos);
    for (const std::string& line : lines_of(body_of(built))) BOOST_TEST(line.size() <= 76u);
    BOOST_TEST(quoted_printable_decode(body_of(built)) == message.text_body);

    message.text_body = std::string(998, 'a') + "\n";
    BOOST_TEST(header_block(build(message)).find("Content-Transfer-Encoding: 8bit") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(dates_are_rfc5322_in_utc) {
    const std::vector<std::pair<std::int64_t, std::string>> cases = {
        {0, "Thu, 01 Jan 1970 00:00:00 +0000"},
        {951782400, "Tue, 29 Feb 2000 00:00:00 +0000"},
        {kDate, "Sat, 28 Nov 2026 16:22:15 +0000"},
        {4102444799, "Thu, 31 Dec 2099 23:59:59 +0000"},
    };
    for (const auto& [date, expected] : cases) {
        auto built = build_message(sample(), date, kMessageId);
        BOOST_REQUIRE(built.ok());
        BOOST_TEST(built.value().find("\nDate: " + expected + "\n") != std::string::npos, expected);
    }
}

BOOST_AUTO_TEST_CASE(message_ids_are_random_and_take_the_from_domain) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"noreply@demo.com", "demo.com"},
        {"Demo Blog <noreply@blog.example.org>", "blog.example.org"},
        {"not an address", "localhost"},
        {"", "localhost"},
    };
    std::set<std::string> seen;
    for (const auto& [from, domain] : cases) {
        const std::string id = make_message_id(from);
        BOOST_TEST(id.size() == 35 + domain.size(), id);
        BOOST_TEST(id.front() == '<');
        BOOST_TEST(is_lower_hex(id.substr(1, 32)), id);
        BOOST_TEST(id.substr(33) == "@" + domain + ">");
        seen.insert(id);
    }
    BOOST_TEST(seen.size() == cases.size());
}

BOOST_AUTO_TEST_CASE(every_error_has_its_own_description) {
    std::set<std::string> texts;
    for (MailError error :
         {MailError::header_injection, MailError::bad_address, MailError::not_found, MailError::spawn_failed,
          MailError::write_failed, MailError::exit_status, MailError::timeout}) {
        texts.insert(describe(error));
    }
    BOOST_TEST(texts.size() == 7u);
    BOOST_TEST(describe(MailError::timeout) == std::string("sendmail timed out"));
}

// The shared text helpers: ASCII case and trimming, hex, and UTF-8 walking.
#include "text.h"

#include <algorithm>

namespace pwreset {
namespace {

constexpr bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

constexpr char hex_digit(unsigned value, HexCase letters) {
    return (letters == HexCase::upper ? "0123456789ABCDEF" : "0123456789abcdef")[value & 0xF];
}

// RFC 9110 tchar, which is also RFC 6265's cookie-name.
bool is_token_char(char c) {
    if (is_ascii_alnum(c)) return true;
    switch (c) {
        case '!':
        case '#':
        case '$':
        case '%':
        case '&':
        case '\'':
        case '*':
        case '+':
        case '-':
        case '.':
        case '^':
        case '_':
        case '`':
        case '|':
        case '~': return true;
        default: return false;
    }
}

}  // namespace

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = lower_ascii(c);
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return lower_ascii(x) == lower_ascii(y);
           });
}

std::string_view trim(std::string_view text) {
    constexpr std::string_view kSpace = " \t\r\n";
    const std::size_t first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

bool is_lower_hex(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string to_hex(std::string_view bytes) {
    std::string out(bytes.size() * 2, '0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        out[2 * i] = hex_digit(c >> 4, HexCase::lower);
        out[2 * i + 1] = hex_digit(c, HexCase::lower);
    }
    return out;
}

std::string hex_digits(std::uint32_t value, int digits, HexCase letters) {
    std::string out(static_cast<std::size_t>(std::max(digits, 0)), '0');
    for (auto it = out.rbegin(); it != out.rend(); ++it, value >>= 4) *it = hex_digit(value, letters);
    return out;
}

std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    std::size_t length;
    // The second byte's range depends on the lead: that is what rules out overlong forms,
    // surrogates and code points past U+10FFFF.
    unsigned char low = 0x80, high = 0xBF;
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead == 0xE0)
        length = 3, low = 0xA0;
    else if (lead == 0xED)
        length = 3, high = 0x9F;
    else if (lead >= 0xE1 && lead <= 0xEF)
        length = 3;
    else if (lead == 0xF0)
        length = 4, low = 0x90;
    else if (lead == 0xF4)
        length = 4, high = 0x8F;
    else if (lead >= 0xF1 && lead <= 0xF3)
        length = 4;
    else
        return 0;
    if (length > text.size() - at) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        if (byte(at + i) < low || byte(at + i) > high) return 0;
        low = 0x80;
        high = 0xBF;
    }
    return length;
}

bool is_clean_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) return false;
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x20 && lead != '\t' && lead != '\r' && lead != '\n') return false;
        i += length;
    }
    return true;
}

char32_t next_code_point(std::string_view text, std::size_t& pos) {
    const auto lead = static_cast<unsigned char>(text[pos++]);
    const int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    char32_t code = extra == 0 ? lead : lead & (0x3F >> extra);
    for (int i = 0; i < extra && pos < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[pos]);
        if (!is_continuation(byte)) break;
        code = (code << 6) | (byte & 0x3F);
        ++pos;
    }
    return code;
}

std::size_t count_code_points(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < text.size(); ++count) next_code_point(text, pos);
    return count;
}

void append_utf8(std::string& out, char32_t code_point) {
    static const unsigned char kLead[] = {0x00, 0xC0, 0xE0, 0xF0};
    const int extra = code_point < 0x80 ? 0 : code_point < 0x800 ? 1 : code_point < 0x10000 ? 2 : 3;
    out += static_cast<char>(kLead[extra] | code_point >> (6 * extra));
    for (int shift = 6 * (extra - 1); shift >= 0; shift -= 6) {
        out += static_cast<char>(0x80 | (code_point >> shift & 0x3F));
    }
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    while (end > 0 && is_continuation(static_cast<unsigned char>(text[end]))) --end;
    return text.substr(0, end);
}

bool is_token(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_token_char);
}

}  // namespace pwreset

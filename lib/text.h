// Small text helpers shared by the library and the admin tool: ASCII case, trimming, hex, UTF-8.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pwreset {

// ASCII only, whatever the locale: other bytes, UTF-8 sequences included, stay as they are.
constexpr char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
std::string lower_ascii(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
constexpr bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// An HTTP token (RFC 9110 tchar: letters, digits and !#$%&'*+-.^_`|~), not empty: a header
// name, and also what RFC 6265 allows as a cookie name.
bool is_token(std::string_view text);

// text without its leading and trailing spaces, tabs, CRs and LFs.
std::string_view trim(std::string_view text);

constexpr bool is_hex_digit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// True when every byte is one of 0-9 a-f (the spelling to_hex writes); true for "".
bool is_lower_hex(std::string_view text);
// Lower-case hexadecimal of raw bytes, two digits a byte.
std::string to_hex(std::string_view bytes);
// The low `digits` hex digits of value, most significant first, as escapes spell them
// (JSON's \u00e9 in lower case, quoted-printable's =C3 in upper).
enum class HexCase { lower, upper };
std::string hex_digits(std::uint32_t value, int digits, HexCase letters = HexCase::lower);

// The length of the well-formed UTF-8 sequence at text[at] (Unicode's table 3-7: no
// overlong forms, no surrogates, nothing past U+10FFFF), or 0 when none starts there.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at);
// Well-formed UTF-8 holding no NUL and no other C0 control but tab, CR and LF.
bool is_clean_utf8(std::string_view text);
// The code point at text[pos]; pos moves past it. A stray byte counts as one code point,
// so a walk over bytes that are not UTF-8 still ends.
char32_t next_code_point(std::string_view text, std::size_t& pos);
// Code points, as Python's len() counts a str.
std::size_t count_code_points(std::string_view text);
void append_utf8(std::string& out, char32_t code_point);
// The longest prefix of at most max_bytes that does not cut a character in two.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace pwreset

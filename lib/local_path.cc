// The check on login's `next`: a redirect target that can only stay on this site.
#include "local_path.h"

#include <string>

#include "text.h"

namespace pwreset {
namespace {

constexpr int kMaxDecodingRounds = 4;  // deeper nesting than this is refused, not unwrapped

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    return (c | 0x20) - 'a' + 10;
}

bool is_allowed(char c) {
    static constexpr std::string_view kOthers = "-._~!$&'()*+,;=:@/?";
    return is_ascii_alnum(c) || kOthers.find(c) != std::string_view::npos;
}

// Only the characters of a path and query, each % starting a %XX escape.
bool is_uri_path(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%') {
            if (i + 2 >= text.size() || !is_hex_digit(text[i + 1]) || !is_hex_digit(text[i + 2])) {
                return false;
            }
            i += 2;
        } else if (!is_allowed(text[i])) {
            return false;
        }
    }
    return true;
}

// What a reader might take for another host, or for the end of a header line.
bool looks_dangerous(std::string_view text) {
    if (text.size() >= 2 && text[0] == '/' && (text[1] == '/' || text[1] == '\\')) return true;
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7f || c == '\\') return true;
    }
    return false;
}

std::string percent_decoded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && is_hex_digit(text[i + 1]) && is_hex_digit(text[i + 2])) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace

bool is_local_path(std::string_view target) {
    if (target.empty() || target[0] != '/' || !is_uri_path(target)) return false;
    std::string text(target);
    for (int round = 0; round <= kMaxDecodingRounds; ++round) {
        if (looks_dangerous(text)) return false;
        std::string decoded = percent_decoded(text);
        if (decoded == text) return true;
        text = std::move(decoded);
    }
    return false;
}

}  // namespace pwreset

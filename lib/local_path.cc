// The check on login's `next`: a redirect target that can only stay on this site.
#include "local_path.h"

#include <cgicc/CgiUtils.h>

#include <string>

#include "text.h"

namespace pwreset {
namespace {

constexpr int kMaxDecodingRounds = 4;  // deeper nesting than this is refused, not unwrapped

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

// One round of percent-decoding by cgicc's rules, the ones the query string was read with,
// except that '+' stays itself: in a path it is a plus sign, not a space.
std::string percent_decoded(const std::string& text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (char c : text) {
        if (c == '+') {
            escaped += "%2B";
        } else {
            escaped += c;
        }
    }
    return cgicc::form_urldecode(escaped);
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

// URL-safe base64 without padding, as itsdangerous writes it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pwreset {

// Encodes bytes with the alphabet A-Z a-z 0-9 - _ and no trailing '='.
std::string base64url_encode(std::string_view bytes);

// Decodes unpadded URL-safe base64. Refuses any other character (including '=', '+', '/',
// white space), a length that leaves 1 character over, and non-zero unused trailing bits.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace pwreset

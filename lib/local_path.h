// Where a visitor may be sent back to after logging in: only a path on this site.
#pragma once

#include <string_view>

namespace pwreset {

// True for "/" followed by RFC 3986 path characters (unreserved, %XX, sub-delims, ":",
// "@", "/") and "?" for a query; nothing else: no control character, space, backslash,
// "#" or other byte. It must also not start with "//" or "/\" (which browsers read as
// another host) and hold no control character, space or backslash, after any number of
// rounds of percent-decoding, since some servers and browsers decode before they look.
bool is_local_path(std::string_view target);

}  // namespace pwreset

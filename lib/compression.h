// zlib's format (RFC 1950) as Python's zlib module writes and reads it, for Flask's session cookie.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pwreset {

// The bytes compressed at zlib's default level, exactly what Python's zlib.compress() gives.
std::string zlib_compress(std::string_view bytes);

// The bytes of one complete zlib stream; nullopt when the stream is malformed or cut short,
// has bytes after its end, or would inflate to more than max_bytes.
std::optional<std::string> zlib_decompress(std::string_view stream, std::size_t max_bytes);

}  // namespace pwreset

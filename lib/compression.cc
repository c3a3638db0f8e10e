// zlib compression and size-capped decompression through the system's zlib.
#include "compression.h"

#include <zlib.h>

#include <cstdlib>
#include <limits>

namespace pwreset {
namespace {

Bytef* input_of(std::string_view bytes) {
    static Bytef empty = 0;
    return bytes.empty() ? &empty : reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
}

}  // namespace

std::string zlib_compress(std::string_view bytes) {
    uLongf size = compressBound(static_cast<uLong>(bytes.size()));
    std::string out(size, '\0');
    // compress2 fails only without memory or room, and compressBound gives the room.
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, input_of(bytes),
                  static_cast<uLong>(bytes.size()), Z_DEFAULT_COMPRESSION) != Z_OK) {
        std::abort();
    }
    out.resize(size);
    return out;
}

std::optional<std::string> zlib_decompress(std::string_view stream, std::size_t max_bytes) {
    if (stream.size() > std::numeric_limits<uInt>::max()) return std::nullopt;
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return std::nullopt;
    z.next_in = input_of(stream);
    z.avail_in = static_cast<uInt>(stream.size());
    std::string out;
    char chunk[4096];
    int status = Z_OK;
    // Inflates a chunk at a time so a small stream that would expand hugely is stopped at the cap.
    while (status == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(chunk);
        z.avail_out = sizeof chunk;
        status = inflate(&z, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - z.avail_out);
        if (out.size() > max_bytes) status = Z_BUF_ERROR;
        if (status == Z_OK && z.avail_in == 0 && z.avail_out != 0) status = Z_DATA_ERROR;
    }
    const bool whole = status == Z_STREAM_END && z.avail_in == 0;
    inflateEnd(&z);
    if (!whole) return std::nullopt;
    return out;
}

}  // namespace pwreset

// Unit tests for lib/compression: Python's zlib.compress output exactly, and a decompressor
// that refuses damaged, padded or oversized streams.
#define BOOST_TEST_MODULE compression
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>

#include "compression.h"
#include "crypto.h"

using namespace pwreset;

namespace {

std::string from_hex(const std::string& hex) {
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return bytes;
}

}  // namespace

// zlib.compress(text).hex() from Python 3.11 on Debian 12.
BOOST_AUTO_TEST_CASE(compression_matches_pythons_zlib) {
    const struct {
        std::string text;
        const char* python;
    } cases[] = {
        {"", "789c030000000001"},
        {"hello", "789ccb48cdc9c90700062c0215"},
        {R"({"_flashes":[{" t":["info","hi"]}]})",
         "789cab568a4fcb492cce482d56b28aae56522801524a997969f94a3a4a19994ab1b5b1b500cfe30b67"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.text) {
            BOOST_TEST(to_hex(zlib_compress(c.text)) == c.python);
            BOOST_TEST(zlib_decompress(from_hex(c.python), 100).value_or("?") == c.text);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_stream_inflates_up_to_the_cap_and_no_further) {
    const std::string text(100000, 'x');
    const std::string stream = zlib_compress(text);
    BOOST_TEST(stream.size() < 1000u);
    BOOST_TEST(zlib_decompress(stream, text.size()).value_or("") == text);
    BOOST_TEST(!zlib_decompress(stream, text.size() - 1).has_value());
}

BOOST_AUTO_TEST_CASE(damaged_cut_or_padded_streams_are_refused) {
    const std::string stream = zlib_compress(to_hex(random_bytes(64)));
    BOOST_TEST(zlib_decompress(stream, 1000).has_value());
    for (std::size_t cut = 0; cut < stream.size(); ++cut) {
        BOOST_TEST(!zlib_decompress(stream.substr(0, cut), 1000).has_value(), "cut at " << cut);
    }
    BOOST_TEST(!zlib_decompress(stream + "x", 1000).has_value());
    std::string flipped = stream;
    flipped[stream.size() - 1] ^= 1;  // the Adler-32 checksum
    BOOST_TEST(!zlib_decompress(flipped, 1000).has_value());
    BOOST_TEST(!zlib_decompress("not zlib at all", 1000).has_value());
}

// Unit tests for lib/json: strict RFC 8259 reading and Python-identical compact writing.
#define BOOST_TEST_MODULE json
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "json.h"

using namespace pwreset;

namespace {

std::string nested(int depth, const std::string& open, const std::string& close) {
    std::string text;
    for (int i = 0; i < depth; ++i) text += open;
    text += "1";
    for (int i = 0; i < depth; ++i) text += close;
    return text;
}

struct Accepted {
    std::string text;
    std::string dumped;  // as json.dumps(separators=(",",":"), ensure_ascii=False) writes it
};

const Accepted kAccepted[] = {
    {R"({"user_id":1})", R"({"user_id":1})"},
    {" \t\r\n{ \"a\" : [ 1 , true , false , null ] }\n", R"({"a":[1,true,false,null]})"},
    {R"({"b":1,"a":2})", R"({"b":1,"a":2})"},
    {R"({"a":1,"a":2})", R"({"a":1,"a":2})"},
    {"[]", "[]"},
    {"{}", "{}"},
    {"[[],{},[{}]]", "[[],{},[{}]]"},
    {R"("")", R"("")"},
    {"0", "0"},
    {"-0", "-0"},
    {"[0.5,-2.25,1E5,1e-5,-3e+2,-0.0]", "[0.5,-2.25,1E5,1e-5,-3e+2,-0.0]"},
    {"123456789012345678901234567890", "123456789012345678901234567890"},
    {R"("\u00e9\u00E9")", "\"\xc3\xa9\xc3\xa9\""},
    {R"("\ud83d\ude00")", "\"\xf0\x9f\x98\x80\""},
    {R"("\uDBFF\uDFFF")", "\"\xf4\x8f\xbf\xbf\""},
    {R"("\u0041\u20ac")", "\"A\xe2\x82\xac\""},
    {R"("a\/b")", R"("a/b")"},
    {R"("\"\\\n\r\t\b\f")", R"("\"\\\n\r\t\b\f")"},
    {R"("\u0000\u0001\u001f\u007f")", std::string("\"\\u0000\\u0001\\u001f\x7f\"")},
    {"\"s\xc3\xa9"
     "cret-\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87\"",
     "\"s\xc3\xa9"
     "cret-\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87\""},
    {"\"\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\xf4\x8f\xbf\xbf\"",
     "\"\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\xf4\x8f\xbf\xbf\""},
    {R"({"k\u00e9y":{"x":["[[[",{}]}})", "{\"k\xc3\xa9y\":{\"x\":[\"[[[\",{}]}}"},
};

const std::string kRejected[] = {
    "",
    " ",
    "{",
    "}",
    "[",
    "]",
    "[1,]",
    R"({"a":1,})",
    "{a:1}",
    "{'a':1}",
    "[1 2]",
    R"({"a" 1})",
    R"({"a":})",
    R"({1:1})",
    R"({"a":1 "b":2})",
    "[,1]",
    "[1,,2]",
    "01",
    "-01",
    "00",
    "1.",
    ".5",
    "+1",
    "1e",
    "1e+",
    "-",
    "--1",
    "0x10",
    "1.5.2",
    "NaN",
    "Infinity",
    "-Infinity",
    "tru",
    "truex",
    "nul",
    "True",
    "NULL",
    "[1]]",
    "{} {}",
    "1 2",
    "{}x",
    std::string("{}\0", 3),
    "\v1",
    "\f1",
    "\xc2\xa0"
    "1",
    "//c\n1",
    "/*c*/1",
    "\"abc",
    "\"a\tb\"",
    "\"a\nb\"",
    "\"\x1f\"",
    std::string("\"\0\"", 3),
    R"("\x41")",
    R"("\u12")",
    R"("\u12g4")",
    R"("\u-123")",
    R"("\u+123")",
    R"("\u 123")",
    R"("\U0041")",
    R"("\a")",
    R"("\)",
    R"("\ud800")",
    R"("\udc00")",
    R"("\ud800\u0041")",
    R"("\ud800x")",
    R"("\ud800\ud800")",
    R"("\udfff\ud800")",
    "\"\xc0\x80\"",
    "\"\xc1\xbf\"",
    "\"\xe0\x80\x80\"",
    "\"\xe0\x9f\xbf\"",
    "\"\xf0\x8f\xbf\xbf\"",
    "\"\xed\xa0\x80\"",
    "\"\xed\xbf\xbf\"",
    "\"\xf4\x90\x80\x80\"",
    "\"\xf5\x80\x80\x80\"",
    "\"\xff\"",
    "\"\xfe\"",
    "\"\x80\"",
    "\"\xbf\"",
    "\"\xc3\"",
    "\"\xc3"
    "a\"",
    "\"\xe2\x82\"",
    "\"\xf0\x9f\x98\"",
    "\"\xf0\x9f\x98"
    "a\"",
    "\xef\xbb\xbf{}",
    "\xc3\xa9",
    "[\xc3\xa9]",
};

std::string printable(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            static const char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0x0f];
        }
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(accepts_valid_documents_and_writes_them_as_python_does) {
    for (const auto& c : kAccepted) {
        BOOST_TEST_CONTEXT("input " << printable(c.text)) {
            const std::optional<Json> value = parse_json(c.text);
            BOOST_TEST_REQUIRE(value.has_value());
            BOOST_TEST(printable(value->dump()) == printable(c.dumped));
            const std::optional<Json> again = parse_json(value->dump());
            BOOST_TEST_REQUIRE(again.has_value());
            BOOST_TEST(again->dump() == value->dump());
        }
    }
}

BOOST_AUTO_TEST_CASE(rejects_invalid_documents) {
    for (const auto& text : kRejected) {
        BOOST_TEST(!parse_json(text).has_value(), "accepted " << printable(text));
    }
}

BOOST_AUTO_TEST_CASE(limits_nesting_to_32_levels) {
    BOOST_TEST(parse_json(nested(32, "[", "]")).has_value());
    BOOST_TEST(!parse_json(nested(33, "[", "]")).has_value());
    BOOST_TEST(parse_json(nested(32, R"({"a":)", "}")).has_value());
    BOOST_TEST(!parse_json(nested(33, R"({"a":)", "}")).has_value());
    BOOST_TEST(parse_json(nested(16, R"([{"a":)", "}]")).has_value());
    BOOST_TEST(!parse_json(nested(17, R"([{"a":)", "}]")).has_value());
    BOOST_TEST(!parse_json(nested(100000, "[", "]")).has_value());
    BOOST_TEST(!parse_json(std::string(100000, '[')).has_value());
}

BOOST_AUTO_TEST_CASE(reports_kinds) {
    const struct {
        const char* text;
        Json::Kind kind;
    } cases[] = {
        {"null", Json::Kind::null},         {"true", Json::Kind::boolean},  {"false", Json::Kind::boolean},
        {"-1.5e3", Json::Kind::number},     {R"("x")", Json::Kind::string}, {"[1]", Json::Kind::array},
        {R"({"a":1})", Json::Kind::object},
    };
    for (const auto& c : cases) {
        const auto value = parse_json(c.text);
        BOOST_TEST_REQUIRE(value.has_value());
        BOOST_TEST((value->kind() == c.kind), c.text);
        BOOST_TEST(value->is_object() == (c.kind == Json::Kind::object), c.text);
    }
}

BOOST_AUTO_TEST_CASE(as_int_reads_exact_integers_only) {
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    constexpr auto min = std::numeric_limits<std::int64_t>::min();
    const struct {
        const char* text;
        std::optional<std::int64_t> expected;
    } cases[] = {
        {"0", 0},
        {"-0", 0},
        {"42", 42},
        {"-42", -42},
        {"1764341800", 1764341800},
        {"9223372036854775807", max},
        {"-9223372036854775808", min},
        {"9223372036854775808", std::nullopt},
        {"-9223372036854775809", std::nullopt},
        {"99999999999999999999", std::nullopt},
        {"1.0", std::nullopt},
        {"1e2", std::nullopt},
        {R"("1")", std::nullopt},
        {"true", std::nullopt},
        {"null", std::nullopt},
        {"[1]", std::nullopt},
    };
    for (const auto& c : cases) {
        const auto value = parse_json(c.text);
        BOOST_TEST_REQUIRE(value.has_value());
        BOOST_TEST((value->as_int() == c.expected), c.text);
    }
}

BOOST_AUTO_TEST_CASE(as_string_and_find) {
    const auto doc = parse_json(R"({"a":"x","b":2,"a":"y","":"empty"})");
    BOOST_TEST_REQUIRE(doc.has_value());
    BOOST_TEST_REQUIRE(doc->find("a") != nullptr);
    BOOST_TEST(doc->find("a")->as_string().value_or("-") == "x");
    BOOST_TEST(doc->find("")->as_string().value_or("-") == "empty");
    BOOST_TEST(!doc->find("b")->as_string().has_value());
    BOOST_TEST(doc->find("A") == nullptr);
    BOOST_TEST(doc->members().size() == 4u);
    BOOST_TEST(doc->members()[2].first == "a");

    const auto array = parse_json(R"(["a",{"a":1}])");
    BOOST_TEST_REQUIRE(array.has_value());
    BOOST_TEST(array->find("a") == nullptr);
    BOOST_TEST(array->items().size() == 2u);
    BOOST_TEST(!array->as_string().has_value());
}

BOOST_AUTO_TEST_CASE(builders_dump_like_python) {
    const Json object = Json::make_object({
        {"user_id", Json::make_int(123456789)},
        {"note", Json::make_string("\xc3\xa9\n\"\\/")},
        {"ok", Json::make_bool(true)},
        {"no", Json::make_bool(false)},
        {"none", Json::make_null()},
        {"inner", Json::make_object({})},
    });
    BOOST_TEST(object.dump() ==
               "{\"user_id\":123456789,\"note\":\"\xc3\xa9\\n\\\"\\\\/\","
               "\"ok\":true,\"no\":false,\"none\":null,\"inner\":{}}");
    BOOST_TEST(object.find("user_id")->as_int().value_or(0) == 123456789);
    const auto min = std::numeric_limits<std::int64_t>::min();
    BOOST_TEST(Json::make_int(min).dump() == "-9223372036854775808");
    BOOST_TEST(Json::make_int(min).as_int().value_or(0) == min);
    BOOST_TEST(Json().dump() == "null");
}

BOOST_AUTO_TEST_CASE(escapes_every_control_character_as_python_does) {
    std::string all_controls;
    for (int c = 0; c < 0x20; ++c) all_controls += static_cast<char>(c);
    all_controls += "\"\\/\x7f \xc3\xa9\xf0\x9f\x98\x80";
    const std::string expected =
        R"("\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f)"
        R"(\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c)"
        R"(\u001d\u001e\u001f\"\\/)"
        "\x7f \xc3\xa9\xf0\x9f\x98\x80\"";
    const std::string dumped = Json::make_string(all_controls).dump();
    BOOST_TEST(printable(dumped) == printable(expected));
    const auto back = parse_json(dumped);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(back->as_string().value_or("") == all_controls);
}

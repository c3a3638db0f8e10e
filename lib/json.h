// A small JSON reader and compact writer for token headers and payloads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pwreset {

// A parsed JSON value. Objects keep their keys in document order, because itsdangerous
// signs the compact text with Python's insertion order and we must reproduce it byte for
// byte. Numbers keep their source text; as_int() reads integers exactly.
class Json {
public:
    enum class Kind { null, boolean, number, string, array, object };
    using Member = std::pair<std::string, Json>;

    Json() = default;
    static Json make_null();
    static Json make_bool(bool b);
    static Json make_int(std::int64_t n);
    static Json make_string(std::string s);
    static Json make_object(std::vector<Member> members);
    static Json make_array(std::vector<Json> items);

    Kind kind() const { return kind_; }
    bool is_object() const { return kind_ == Kind::object; }

    // The integer value when this is a number written as an integer that fits int64.
    std::optional<std::int64_t> as_int() const;
    // The string value when this is a string.
    std::optional<std::string> as_string() const;
    // The member named key when this is an object (first match), else nullptr.
    const Json* find(std::string_view key) const;
    const std::vector<Member>& members() const { return members_; }
    const std::vector<Json>& items() const { return items_; }

    // Compact text as Python's json.dumps(separators=(",", ":"), ensure_ascii=False) writes:
    // non-ASCII UTF-8 unescaped; '"', '\\' and control characters escaped.
    std::string dump() const;

private:
    friend class JsonParser;
    Kind kind_ = Kind::null;
    bool bool_ = false;
    std::string text_;  // string value, or a number's source text
    std::vector<Json> items_;
    std::vector<Member> members_;
};

// Parses one complete JSON document (RFC 8259; white space around it allowed). Returns
// nullopt on any syntax error, invalid UTF-8, nesting deeper than 32, or trailing bytes.
std::optional<Json> parse_json(std::string_view text);

}  // namespace pwreset

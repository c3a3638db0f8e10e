// Strict RFC 8259 reader and a compact writer that matches Python's json.dumps byte for byte.
#include "json.h"

#include <charconv>
#include <system_error>

#include "text.h"

namespace pwreset {

namespace {

constexpr int kMaxDepth = 32;
// The one-letter escapes of RFC 8259 and the bytes they stand for, index for index.
constexpr std::string_view kEscapeNames = "\"\\/bfnrt";
constexpr std::string_view kEscapedBytes = "\"\\/\b\f\n\r\t";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Python writes these as two-character escapes and every other control byte as \u00XX.
std::string dump_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        const std::size_t which = c == '/' ? kEscapedBytes.npos : kEscapedBytes.find(c);
        if (which != kEscapedBytes.npos) {
            out += '\\';
            out += kEscapeNames[which];
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += "\\u" + hex_digits(static_cast<unsigned char>(c), 4);
        } else {
            out += c;
        }
    }
    return out + '"';
}

}  // namespace

// Recursive descent over the raw bytes; every failure unwinds as false, never an exception.
class JsonParser {
public:
    explicit JsonParser(std::string_view text) : text_(text) {}

    std::optional<Json> parse_document() {
        Json value;
        if (!parse_value(value, 0)) return std::nullopt;
        skip_space();
        if (!at_end()) return std::nullopt;
        return value;
    }

private:
    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return at_end() ? '\0' : text_[pos_]; }
    unsigned char byte_at(std::size_t i) const {
        return i < text_.size() ? static_cast<unsigned char>(text_[i]) : 0;
    }

    bool eat(char c) {
        if (at_end() || text_[pos_] != c) return false;
        ++pos_;
        return true;
    }

    void skip_space() {
        while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
            ++pos_;
        }
    }

    // Structural characters may have white space before them.
    bool eat_token(char c) {
        skip_space();
        return eat(c);
    }

    bool parse_literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) return false;
        pos_ += word.size();
        return true;
    }

    bool parse_value(Json& out, int depth) {
        skip_space();
        switch (peek()) {
            case '{': return parse_object(out, depth + 1);
            case '[': return parse_array(out, depth + 1);
            case '"': out.kind_ = Json::Kind::string; return eat('"') && parse_string(out.text_);
            case 't': out = Json::make_bool(true); return parse_literal("true");
            case 'f': out = Json::make_bool(false); return parse_literal("false");
            case 'n': out = Json::make_null(); return parse_literal("null");
            default: return parse_number(out);
        }
    }

    bool parse_object(Json& out, int depth) {
        if (depth > kMaxDepth) return false;
        out.kind_ = Json::Kind::object;
        ++pos_;
        if (eat_token('}')) return true;
        do {
            Json::Member member;
            if (!eat_token('"') || !parse_string(member.first) || !eat_token(':')) return false;
            if (!parse_value(member.second, depth)) return false;
            out.members_.push_back(std::move(member));
        } while (eat_token(','));
        return eat_token('}');
    }

    bool parse_array(Json& out, int depth) {
        if (depth > kMaxDepth) return false;
        out.kind_ = Json::Kind::array;
        ++pos_;
        if (eat_token(']')) return true;
        do {
            Json item;
            if (!parse_value(item, depth)) return false;
            out.items_.push_back(std::move(item));
        } while (eat_token(','));
        return eat_token(']');
    }

    bool parse_digits() {
        const std::size_t start = pos_;
        while (is_digit(peek())) ++pos_;
        return pos_ > start;
    }

    bool parse_number(Json& out) {
        const std::size_t start = pos_;
        eat('-');
        if (eat('0')) {
            if (is_digit(peek())) return false;
        } else if (!parse_digits()) {
            return false;
        }
        if (eat('.') && !parse_digits()) return false;
        if (eat('e') || eat('E')) {
            if (!eat('+')) eat('-');
            if (!parse_digits()) return false;
        }
        out.kind_ = Json::Kind::number;
        out.text_ = std::string(text_.substr(start, pos_ - start));
        return true;
    }

    // Called after the opening quote.
    bool parse_string(std::string& out) {
        while (!eat('"')) {
            const unsigned char c = byte_at(pos_);
            if (at_end() || c < 0x20) return false;
            if (!(c == '\\' ? parse_escape(out) : copy_character(out))) return false;
        }
        return true;
    }

    bool read_hex4(std::uint32_t& out) {
        const char* begin = text_.data() + pos_;
        if (text_.size() - pos_ < 4) return false;
        if (std::from_chars(begin, begin + 4, out, 16).ptr != begin + 4) return false;
        pos_ += 4;
        return true;
    }

    // A \u escape may name half of a UTF-16 surrogate pair; only whole pairs make a character.
    bool parse_unicode_escape(std::string& out) {
        std::uint32_t cp;
        if (!read_hex4(cp)) return false;
        if (cp >= 0xdc00 && cp <= 0xdfff) return false;
        if (cp >= 0xd800 && cp <= 0xdbff) {
            std::uint32_t low;
            if (!eat('\\') || !eat('u') || !read_hex4(low)) return false;
            if (low < 0xdc00 || low > 0xdfff) return false;
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        }
        append_utf8(out, cp);
        return true;
    }

    bool parse_escape(std::string& out) {
        ++pos_;
        if (eat('u')) return parse_unicode_escape(out);
        const std::size_t which = at_end() ? kEscapeNames.npos : kEscapeNames.find(text_[pos_++]);
        if (which == kEscapeNames.npos) return false;
        out += kEscapedBytes[which];
        return true;
    }

    // Only well-formed UTF-8 is copied: no overlongs, no surrogates, nothing past U+10FFFF.
    bool copy_character(std::string& out) {
        const std::size_t length = utf8_sequence_length(text_, pos_);
        if (length == 0) return false;
        out.append(text_.substr(pos_, length));
        pos_ += length;
        return true;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

Json Json::make_null() { return Json(); }

Json Json::make_bool(bool b) {
    Json value;
    value.kind_ = Kind::boolean;
    value.bool_ = b;
    return value;
}

Json Json::make_string(std::string s) {
    Json value;
    value.kind_ = Kind::string;
    value.text_ = std::move(s);
    return value;
}

Json Json::make_int(std::int64_t n) {
    Json value = make_string(std::to_string(n));
    value.kind_ = Kind::number;
    return value;
}

Json Json::make_object(std::vector<Member> members) {
    Json value;
    value.kind_ = Kind::object;
    value.members_ = std::move(members);
    return value;
}

std::optional<std::int64_t> Json::as_int() const {
    if (kind_ != Kind::number) return std::nullopt;
    // from_chars stops at '.', 'e' or 'E' and reports overflow, so only exact integers pass.
    std::int64_t value = 0;
    const char* end = text_.data() + text_.size();
    const auto [stop, error] = std::from_chars(text_.data(), end, value);
    if (error != std::errc() || stop != end) return std::nullopt;
    return value;
}

std::optional<std::string> Json::as_string() const {
    if (kind_ != Kind::string) return std::nullopt;
    return text_;
}

const Json* Json::find(std::string_view key) const {
    if (kind_ != Kind::object) return nullptr;
    for (const auto& member : members_) {
        if (member.first == key) return &member.second;
    }
    return nullptr;
}

std::string Json::dump() const {
    switch (kind_) {
        case Kind::null: return "null";
        case Kind::boolean: return bool_ ? "true" : "false";
        case Kind::number: return text_;
        case Kind::string: return dump_string(text_);
        case Kind::array: {
            std::string out = "[";
            for (const auto& item : items_) out += (out.size() > 1 ? "," : "") + item.dump();
            return out + "]";
        }
        case Kind::object: break;
    }
    std::string out = "{";
    for (const auto& [key, value] : members_) {
        out += (out.size() > 1 ? "," : "") + dump_string(key) + ":" + value.dump();
    }
    return out + "}";
}

std::optional<Json> parse_json(std::string_view text) { return JsonParser(text).parse_document(); }

Json Json::make_array(std::vector<Json> items) {
    Json value;
    value.kind_ = Kind::array;
    value.items_ = std::move(items);
    return value;
}

}  // namespace pwreset

// Flask's signed session cookie: itsdangerous's URLSafeTimedSerializer with Flask's salt, key
// derivation and digest, over Flask's tagged JSON.
#include "flask_session.h"

#include <limits>
#include <map>

#include "base64url.h"
#include "compression.h"
#include "crypto.h"
#include "text.h"

namespace pwreset {
namespace {

constexpr std::string_view kSalt = "cookie-session";
constexpr std::string_view kFlashes = "_flashes";
constexpr std::string_view kTupleTag = " t";

// itsdangerous's "hmac" key derivation: the signing key is HMAC(secret, salt).
std::string signature(const FlaskSessionKey& key, std::string_view signed_text) {
    return hmac_sha1(hmac_sha1(key.secret, kSalt), signed_text);
}

// itsdangerous's int_to_bytes: big-endian, leading zero bytes dropped.
std::string timestamp_bytes(std::int64_t now) {
    std::string bytes;
    for (auto value = static_cast<std::uint64_t>(now); value != 0; value >>= 8) {
        bytes.insert(bytes.begin(), static_cast<char>(value & 0xff));
    }
    return bytes;
}

// bytes_to_int: at most eight big-endian bytes.
std::optional<std::int64_t> timestamp_of(std::string_view encoded) {
    const auto bytes = base64url_decode(encoded);
    if (!bytes || bytes->size() > 8) return std::nullopt;
    std::uint64_t value = 0;
    for (unsigned char c : *bytes) value = value << 8 | c;
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(value);
}

std::optional<std::string> payload_text(std::string_view payload) {
    const bool compressed = !payload.empty() && payload.front() == '.';
    if (compressed) payload.remove_prefix(1);
    auto bytes = base64url_decode(payload);
    if (!bytes) return std::nullopt;
    if (compressed) return zlib_decompress(*bytes, kMaxFlaskSessionBytes);
    if (bytes->size() > kMaxFlaskSessionBytes) return std::nullopt;
    return bytes;
}

// The value of a key as Python reads the object: the last of repeated keys counts.
const Json* last_member(const Json& object, std::string_view name) {
    const Json* found = nullptr;
    for (const auto& member : object.members()) {
        if (member.first == name) found = &member.second;
    }
    return found;
}

void append_escape(std::string& out, std::uint32_t unit) { out += "\\u" + hex_digits(unit, 4); }

// Python's json encoder with ensure_ascii: short escapes, then \u for the rest outside ' '..'~'.
void append_ascii_string(std::string& out, std::string_view text) {
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        const std::uint32_t cp = next_code_point(text, i);
        switch (cp) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (cp >= 0x20 && cp < 0x7f) {
                    out += static_cast<char>(cp);
                } else if (cp < 0x10000) {
                    append_escape(out, cp);
                } else {
                    append_escape(out, 0xd800 + ((cp - 0x10000) >> 10));
                    append_escape(out, 0xdc00 + ((cp - 0x10000) & 0x3ff));
                }
        }
    }
    out += '"';
}

void append_text(std::string& out, const Json& value) {
    switch (value.kind()) {
        case Json::Kind::string: append_ascii_string(out, *value.as_string()); return;
        case Json::Kind::array: {
            out += '[';
            for (std::size_t i = 0; i < value.items().size(); ++i) {
                if (i > 0) out += ',';
                append_text(out, value.items()[i]);
            }
            out += ']';
            return;
        }
        case Json::Kind::object: {
            // std::string orders bytes as unsigned, and UTF-8 byte order is code point order,
            // which is how Python sorts keys.
            std::map<std::string, const Json*> sorted;
            for (const auto& [name, member] : value.members()) sorted[name] = &member;
            out += '{';
            for (const auto& [name, member] : sorted) {
                if (out.back() != '{') out += ',';
                append_ascii_string(out, name);
                out += ':';
                append_text(out, *member);
            }
            out += '}';
            return;
        }
        default: out += value.dump(); return;
    }
}

}  // namespace

std::optional<Json> read_flask_session(const FlaskSessionKey& key, std::string_view cookie,
                                       std::int64_t now) {
    if (cookie.size() > kMaxFlaskCookieBytes) return std::nullopt;
    const auto signature_dot = cookie.rfind('.');
    if (signature_dot == std::string_view::npos) return std::nullopt;
    const std::string_view signed_text = cookie.substr(0, signature_dot);
    const auto mac = base64url_decode(cookie.substr(signature_dot + 1));
    if (!mac || !constant_time_equal(*mac, signature(key, signed_text))) return std::nullopt;

    const auto timestamp_dot = signed_text.rfind('.');
    if (timestamp_dot == std::string_view::npos) return std::nullopt;
    const auto signed_at = timestamp_of(signed_text.substr(timestamp_dot + 1));
    if (!signed_at || now - *signed_at > key.max_age || now < *signed_at) return std::nullopt;

    const auto text = payload_text(signed_text.substr(0, timestamp_dot));
    if (!text) return std::nullopt;
    auto session = parse_json(*text);
    if (!session || !session->is_object()) return std::nullopt;
    return session;
}

std::string write_flask_session(const FlaskSessionKey& key, const Json& session, std::int64_t now) {
    const std::string text = flask_json_text(session);
    const std::string compressed = zlib_compress(text);
    // itsdangerous's own rule: compressed only when at least two bytes shorter.
    std::string value =
        compressed.size() + 1 < text.size() ? "." + base64url_encode(compressed) : base64url_encode(text);
    value.append(".").append(base64url_encode(timestamp_bytes(now)));
    return value + "." + base64url_encode(signature(key, value));
}

Json add_flask_flash(const Json& session, const FlashMessage& message) {
    std::vector<Json::Member> members;
    std::vector<Json> flashes;
    for (const auto& member : session.members()) {
        if (member.first != kFlashes) {
            members.push_back(member);
        } else if (member.second.kind() == Json::Kind::array) {
            flashes = member.second.items();
        }
    }
    const Json pair =
        Json::make_array({Json::make_string(message.category), Json::make_string(message.text)});
    flashes.push_back(Json::make_object({{std::string(kTupleTag), pair}}));
    members.emplace_back(std::string(kFlashes), Json::make_array(std::move(flashes)));
    return Json::make_object(std::move(members));
}

bool flask_user_logged_in(const Json& session) {
    const Json* user_id = last_member(session, "_user_id");
    return user_id && user_id->kind() != Json::Kind::null;
}

bool flask_session_permanent(const Json& session) {
    const Json* permanent = last_member(session, "_permanent");
    return permanent && permanent->dump() == "true";
}

std::string flask_json_text(const Json& value) {
    std::string out;
    append_text(out, value);
    return out;
}

}  // namespace pwreset

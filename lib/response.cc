// Response building and CGI serialization; nothing unsafe from a header or cookie is ever sent.
#include "response.h"

#include <algorithm>
#include <charconv>

#include "text.h"

namespace pwreset {
namespace {

// RFC 6265 cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash.
bool is_cookie_octet(char c) {
    return c >= 0x21 && c <= 0x7E && c != '"' && c != ',' && c != ';' && c != '\\';
}

// Browsers drop a __Host- or __Secure- cookie that lacks Secure (and a __Host- one with a
// Domain or a Path other than /, which this class never sends), so the prefix forces it.
bool needs_secure(std::string_view name) {
    return name.rfind("__Host-", 0) == 0 || name.rfind("__Secure-", 0) == 0;
}

// Three memchr scans, not find_first_of (a search of the whole set for every character):
// every page sends a long Content-Security-Policy through here.
bool is_safe_header_value(std::string_view value) {
    return value.find('\r') == value.npos && value.find('\n') == value.npos && value.find('\0') == value.npos;
}

void append_number(std::string& out, std::int64_t number) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    out.append(digits, end);
}

}  // namespace

Response Response::redirect(std::string_view location) {
    Response response(302);
    response.set_header("Location", location);
    return response;
}

void Response::set_header(std::string_view name, std::string_view value) {
    if (!is_token(name) || !is_safe_header_value(value)) return;
    for (auto& header : headers_) {
        if (iequals(header.first, name)) {
            header.second.assign(value);
            return;
        }
    }
    // Every answer carries the content type and five security headers: room for them at once.
    if (headers_.empty()) headers_.reserve(8);
    headers_.emplace_back(name, value);
}

const std::string* Response::header(std::string_view name) const {
    for (const auto& header : headers_) {
        if (iequals(header.first, name)) return &header.second;
    }
    return nullptr;
}

void Response::set_cookie(const Cookie& cookie) {
    if (!is_token(cookie.name) || !std::all_of(cookie.value.begin(), cookie.value.end(), is_cookie_octet)) {
        return;
    }
    std::string line;
    line.reserve(cookie.name.size() + cookie.value.size() + 112);
    line.append(cookie.name).append("=").append(cookie.value);
    line.append("; Path=/; HttpOnly; SameSite=Lax");
    if (cookie.max_age >= 0) {
        line.append("; Max-Age=");
        append_number(line, cookie.max_age);
    }
    if (cookie.max_age == 0) line.append("; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    if (cookie.secure || needs_secure(cookie.name)) line.append("; Secure");

    const std::size_t prefix = cookie.name.size() + 1;
    for (auto& existing : cookies_) {
        if (existing.compare(0, prefix, line, 0, prefix) == 0) {
            existing = std::move(line);
            return;
        }
    }
    cookies_.push_back(std::move(line));
}

std::string Response::serialize(bool include_body) const {
    static constexpr std::string_view kCookiePrefix = "Set-Cookie: ";
    static constexpr std::size_t kFixedBytes = 96;  // status line, Content-Length, blank line
    std::size_t size = kFixedBytes + (include_body ? body_.size() : 0);
    for (const auto& header : headers_) size += header.first.size() + header.second.size() + 4;
    for (const auto& cookie : cookies_) size += kCookiePrefix.size() + cookie.size() + 2;

    std::string out;
    out.reserve(size);
    out.append("Status: ");
    append_number(out, status_);
    out.append(" ").append(reason_phrase(status_)).append("\r\n");
    for (const auto& header : headers_) {
        out.append(header.first).append(": ").append(header.second).append("\r\n");
    }
    for (const auto& cookie : cookies_) out.append(kCookiePrefix).append(cookie).append("\r\n");
    // Always stated, even for an empty body, so nginx never has to chunk the reply.
    out.append("Content-Length: ");
    append_number(out, static_cast<std::int64_t>(body_.size()));
    out.append("\r\n\r\n");
    if (include_body) out.append(body_);
    return out;
}

const char* reason_phrase(int status) {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 204: return "No Content";
        case 301: return "Moved Permanently";
        case 302: return "Found";
        case 303: return "See Other";
        case 304: return "Not Modified";
        case 307: return "Temporary Redirect";
        case 308: return "Permanent Redirect";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 410: return "Gone";
        case 411: return "Length Required";
        case 413: return "Payload Too Large";
        case 415: return "Unsupported Media Type";
        case 422: return "Unprocessable Entity";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "Unknown";
    }
}

}  // namespace pwreset

// The parsed request: method, path, form fields and cookies, validated before any page sees it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exchange.h"
#include "result.h"

namespace pwreset {

// Bodies larger than this are refused before reading; nginx enforces the same limit.
constexpr std::size_t kMaxBodyBytes = 16 * 1024;

enum class Method { get, head, post, other };

struct Request {
    Method method = Method::other;
    std::string method_name;  // as sent, for the 405 log line
    std::string path;         // decoded path: DOCUMENT_URI, else SCRIPT_NAME + PATH_INFO
    std::string remote_addr;
    std::vector<std::pair<std::string, std::string>> query;   // from QUERY_STRING
    std::vector<std::pair<std::string, std::string>> form;    // from a POST body
    // Only the cookies read_request was asked for; every other cookie is never read.
    std::vector<std::pair<std::string, std::string>> cookies;
    std::string cookie_header;  // the Cookie header as sent, for site_cookie()

    // The first value of a form field / query parameter / cookie, or nullptr.
    const std::string* field(std::string_view name) const;
    const std::string* query_param(std::string_view name) const;
    const std::string* cookie(std::string_view name) const;
    // A cookie of the site pwreset runs beside (Flask's session), read from the header as
    // sent rather than from `cookies`, which are pwreset's own.
    std::optional<std::string> site_cookie(std::string_view name) const;
};

enum class RequestError {
    body_too_large,     // CONTENT_LENGTH over kMaxBodyBytes (413)
    bad_length,         // CONTENT_LENGTH missing on POST, not a number, or body shorter (400)
    bad_content_type,   // POST that is not application/x-www-form-urlencoded (415)
    bad_encoding,       // a field that is not valid UTF-8, or holds NUL (400)
};

// Reads CGI variables and at most kMaxBodyBytes of body from the exchange. The body is read
// only for POST, only after CONTENT_LENGTH has been checked. Of the Cookie header only the
// cookies named in cookie_names are kept, and only with clean UTF-8 values: any other cookie
// on the domain, however malformed, changes nothing.
Result<Request, RequestError> read_request(Exchange& exchange,
                                           const std::vector<std::string>& cookie_names);

// Decodes application/x-www-form-urlencoded text ('+' is a space, %XX a byte). A malformed
// escape is kept literally, as browsers never send one.
std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view text);

// Parses a Cookie header: "a=1; b=2".
std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view header);

}  // namespace pwreset

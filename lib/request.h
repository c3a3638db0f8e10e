// The parsed request: method, path, form fields and cookies, validated before any page sees it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
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
    // Fields in the order sent, a name as often as it was sent, decoded by cgicc's rules
    // ('+' a space, %XX a byte, a name without '=' before an '&' an empty value).
    std::vector<std::pair<std::string, std::string>> query;  // from QUERY_STRING
    std::vector<std::pair<std::string, std::string>> form;   // from a POST body
    // Only the cookies read_request was asked for, and only with clean UTF-8 values.
    std::vector<std::pair<std::string, std::string>> cookies;
    // Every other cookie, as sent and unchecked: only for site_cookie().
    std::vector<std::pair<std::string, std::string>> site_cookies;

    // The first value of a form field / query parameter / cookie, or nullptr.
    const std::string* field(std::string_view name) const;
    const std::string* query_param(std::string_view name) const;
    const std::string* cookie(std::string_view name) const;
    // A cookie of the site pwreset runs beside (Flask's session), which pwreset's own
    // cookies never name.
    std::optional<std::string> site_cookie(std::string_view name) const;
};

enum class RequestError {
    body_too_large,    // CONTENT_LENGTH over kMaxBodyBytes (413)
    bad_length,        // CONTENT_LENGTH missing on POST, not a number, or body shorter (400)
    bad_content_type,  // POST that is not application/x-www-form-urlencoded (415)
    bad_encoding,      // a field that is not valid UTF-8, or holds NUL (400)
};

// Parses the request with cgicc (cgicc::Cgicc over the exchange), after its own checks: the
// body is read only for POST, only after CONTENT_LENGTH and CONTENT_TYPE have been checked,
// and never more than kMaxBodyBytes. Every query and form field must be clean UTF-8 (see
// is_clean_utf8). Of the cookies, those named in cookie_names are kept in `cookies` when
// their values are clean UTF-8: any other cookie on the domain, however malformed,
// changes nothing.
Result<Request, RequestError> read_request(Exchange& exchange, const std::vector<std::string>& cookie_names);

}  // namespace pwreset

// Builds a Request from CGI variables and a size-checked POST body, rejecting malformed input.
#include "request.h"

#include <algorithm>

#include "text.h"

namespace pwreset {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kFormType = "application/x-www-form-urlencoded";

std::string param_or_empty(const Exchange& exchange, const char* name) {
    const char* value = exchange.param(name);
    return value ? value : "";
}

Method method_from(std::string_view name) {
    if (name == "GET") return Method::get;
    if (name == "HEAD") return Method::head;
    if (name == "POST") return Method::post;
    return Method::other;
}

bool is_form_content_type(std::string_view content_type) {
    return iequals(trim(content_type.substr(0, content_type.find(';'))), kFormType);
}

// Parses CONTENT_LENGTH without trusting it: digits only, and large values saturate above
// the cap instead of overflowing.
Result<std::size_t, RequestError> content_length(const char* text) {
    if (text == nullptr || *text == '\0') {
        return fail(RequestError::bad_length, "POST without CONTENT_LENGTH");
    }
    std::size_t value = 0;
    for (const char* p = text; *p != '\0'; ++p) {
        if (*p < '0' || *p > '9') return fail(RequestError::bad_length, "CONTENT_LENGTH not a number");
        if (value <= kMaxBodyBytes) value = value * 10 + std::size_t(*p - '0');
    }
    if (value > kMaxBodyBytes) {
        return fail(RequestError::body_too_large, "CONTENT_LENGTH over " + std::to_string(kMaxBodyBytes));
    }
    return value;
}

Result<std::string, RequestError> read_body(Exchange& exchange, std::size_t length) {
    std::string body(length, '\0');
    std::size_t got = 0;
    while (got < length) {
        const std::size_t n = exchange.read_body(&body[got], length - got);
        if (n == 0) break;
        got += n;
    }
    if (got < length) {
        return fail(RequestError::bad_length, "body shorter than CONTENT_LENGTH");
    }
    return body;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    return lower_ascii(c) - 'a' + 10;
}

// cgicc::form_urldecode's rules ('+' is a space, %XX a byte, any other '%' stays as it is)
// in one pass: cgicc's version costs some seventy instructions a character.
std::string decoded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && is_hex_digit(text[i + 1]) &&
                   is_hex_digit(text[i + 2])) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

// A urlencoded body by cgicc's rules, which the site has always used: pairs end at '&' or
// ';', a name without '=' before an '&' gets an empty value, one at the very end is dropped.
// Parsing it here spares every POST the construction of a cgicc::Cgicc, which also reads
// some thirty CGI variables.
Pairs parse_form_body(std::string_view body) {
    Pairs form;
    std::size_t from = 0;
    while (true) {
        std::size_t at = body.find_first_of("&=", from);
        if (at == std::string_view::npos) break;
        if (body[at] == '&') {
            if (from < at) form.emplace_back(decoded(body.substr(from, at - from)), "");
            from = at + 1;
            continue;
        }
        std::string name = decoded(body.substr(from, at - from));
        from = at + 1;
        at = body.find_first_of(";&", from);
        form.emplace_back(std::move(name), decoded(body.substr(from, at == std::string_view::npos
                                                                           ? std::string_view::npos
                                                                           : at - from)));
        if (at == std::string_view::npos) break;
        from = at + 1;
    }
    return form;
}

Result<Pairs, RequestError> read_form(Exchange& exchange) {
    auto length = content_length(exchange.param("CONTENT_LENGTH"));
    if (!length) return length.failure();
    const char* content_type = exchange.param("CONTENT_TYPE");
    if (content_type == nullptr || !is_form_content_type(content_type)) {
        return fail(RequestError::bad_content_type, "POST body is not a urlencoded form");
    }
    auto body = read_body(exchange, *length);
    if (!body) return body.failure();
    return parse_form_body(*body);
}

bool all_clean(const Pairs& pairs) {
    return std::all_of(pairs.begin(), pairs.end(), [](const auto& pair) {
        return is_clean_utf8(pair.first) && is_clean_utf8(pair.second);
    });
}

// Another app on the domain may set any cookie, with any bytes, and a sibling host may even
// set one under our plain names: a bad value is therefore ignored, never a 400, so no one
// can lock visitors out of every page with one cookie. pwreset never sets such a value.
Pairs wanted_cookies(std::string_view header, const std::vector<std::string>& names) {
    Pairs kept;
    for (auto& cookie : parse_cookie_header(header)) {
        if (std::find(names.begin(), names.end(), cookie.first) == names.end()) continue;
        if (!is_clean_utf8(cookie.second)) continue;
        kept.push_back(std::move(cookie));
    }
    return kept;
}

const std::string* find_first(const Pairs& pairs, std::string_view name) {
    for (const auto& pair : pairs) {
        if (pair.first == name) return &pair.second;
    }
    return nullptr;
}

}  // namespace

const std::string* Request::field(std::string_view name) const { return find_first(form, name); }

const std::string* Request::query_param(std::string_view name) const {
    return find_first(query, name);
}

const std::string* Request::cookie(std::string_view name) const {
    return find_first(cookies, name);
}

std::optional<std::string> Request::site_cookie(std::string_view name) const {
    const Pairs all = parse_cookie_header(cookie_header);
    const std::string* value = find_first(all, name);
    return value ? std::optional<std::string>(*value) : std::nullopt;
}

Result<Request, RequestError> read_request(Exchange& exchange,
                                           const std::vector<std::string>& cookie_names) {
    Request request;
    request.method_name = param_or_empty(exchange, "REQUEST_METHOD");
    request.method = method_from(request.method_name);
    request.path = param_or_empty(exchange, "DOCUMENT_URI");
    if (request.path.empty()) {
        request.path = param_or_empty(exchange, "SCRIPT_NAME") + param_or_empty(exchange, "PATH_INFO");
    }
    request.remote_addr = param_or_empty(exchange, "REMOTE_ADDR");
    request.query = parse_urlencoded(param_or_empty(exchange, "QUERY_STRING"));
    request.cookie_header = param_or_empty(exchange, "HTTP_COOKIE");
    request.cookies = wanted_cookies(request.cookie_header, cookie_names);
    if (request.method == Method::post) {
        auto form = read_form(exchange);
        if (!form) return form.failure();
        request.form = std::move(*form);
    }
    if (!all_clean(request.query) || !all_clean(request.form)) {
        return fail(RequestError::bad_encoding, "a field is not clean UTF-8");
    }
    return request;
}

Pairs parse_urlencoded(std::string_view text) {
    Pairs pairs;
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('&'), text.size());
        const std::string_view item = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
        if (item.empty()) continue;
        const std::size_t equals = std::min(item.find('='), item.size());
        const std::string_view value = equals < item.size() ? item.substr(equals + 1) : "";
        pairs.emplace_back(decoded(item.substr(0, equals)), decoded(value));
    }
    return pairs;
}

Pairs parse_cookie_header(std::string_view header) {
    Pairs cookies;
    while (!header.empty()) {
        const std::size_t end = std::min(header.find(';'), header.size());
        const std::string_view item = header.substr(0, end);
        header.remove_prefix(std::min(end + 1, header.size()));
        const std::size_t equals = item.find('=');
        if (equals == std::string_view::npos) continue;
        const std::string_view name = trim(item.substr(0, equals));
        if (name.empty()) continue;
        cookies.emplace_back(name, trim(item.substr(equals + 1)));
    }
    return cookies;
}

}  // namespace pwreset

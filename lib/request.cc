// Builds a Request with cgicc from CGI variables and a size-checked POST body, rejecting malformed input.
#include "request.h"

#include <cgicc/Cgicc.h>

#include <algorithm>
#include <exception>

#include "cgicc_input.h"
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

// The checks cgicc does not make, all before it reads a byte: it would read any length
// it is given, and take a body of any type for a form.
Result<std::size_t, RequestError> checked_body_length(const Exchange& exchange) {
    auto length = content_length(exchange.param("CONTENT_LENGTH"));
    if (!length) return length.failure();
    const char* content_type = exchange.param("CONTENT_TYPE");
    if (content_type == nullptr || !is_form_content_type(content_type)) {
        return fail(RequestError::bad_content_type, "POST body is not a urlencoded form");
    }
    return *length;
}

Pairs fields_of(const cgicc::Cgicc& cgi) {
    Pairs fields;
    fields.reserve(cgi.getElements().size());
    for (const cgicc::FormEntry& entry : cgi.getElements()) {
        fields.emplace_back(entry.getName(), entry.getValue());
    }
    return fields;
}

// Another app on the domain may set any cookie, with any bytes, and a sibling host may even
// set one under our plain names: a bad value is therefore ignored, never a 400, so no one
// can lock visitors out of every page with one cookie. pwreset never sets such a value.
void sort_cookies(const cgicc::CgiEnvironment& environment, const std::vector<std::string>& ours,
                  Request& request) {
    for (const cgicc::HTTPCookie& cookie : environment.getCookieList()) {
        const std::string& name = cookie.getName();
        if (std::find(ours.begin(), ours.end(), name) == ours.end()) {
            request.site_cookies.emplace_back(name, cookie.getValue());
        } else if (is_clean_utf8(cookie.getValue())) {
            request.cookies.emplace_back(name, cookie.getValue());
        }
    }
}

// cgicc reads the body in its constructor and throws when it ends before CONTENT_LENGTH,
// the one failure it can meet on a urlencoded body of checked length (short of memory).
template <typename Use>
Result<Done, RequestError> parse(ExchangeInput input, Use use) {
    try {
        const cgicc::Cgicc cgi(&input);
        use(cgi);
    } catch (const std::exception& error) {
        return fail(RequestError::bad_length, std::string("cgicc: ") + error.what());
    }
    return Done{};
}

// The form of a POST (with the cookies), then the query string on its own; for any other
// method, the query string and the cookies, and no body.
Result<Done, RequestError> read_fields(Exchange& exchange, const std::vector<std::string>& cookie_names,
                                       Request& request) {
    using Part = ExchangeInput::Part;
    const auto take_query_and_cookies = [&](const cgicc::Cgicc& cgi) {
        request.query = fields_of(cgi);
        sort_cookies(cgi.getEnvironment(), cookie_names, request);
    };
    if (request.method != Method::post) return parse({exchange, Part::query}, take_query_and_cookies);

    auto length = checked_body_length(exchange);
    if (!length) return length.failure();
    auto form = parse({exchange, Part::body, *length, kFormType}, [&](const cgicc::Cgicc& cgi) {
        request.form = fields_of(cgi);
        sort_cookies(cgi.getEnvironment(), cookie_names, request);
    });
    if (!form) return form;
    const char* query = exchange.param("QUERY_STRING");
    if (query == nullptr || *query == '\0') return form;
    return parse({exchange, Part::query}, [&](const cgicc::Cgicc& cgi) { request.query = fields_of(cgi); });
}

bool all_clean(const Pairs& pairs) {
    return std::all_of(pairs.begin(), pairs.end(), [](const auto& pair) {
        return is_clean_utf8(pair.first) && is_clean_utf8(pair.second);
    });
}

const std::string* find_first(const Pairs& pairs, std::string_view name) {
    for (const auto& pair : pairs) {
        if (pair.first == name) return &pair.second;
    }
    return nullptr;
}

}  // namespace

const std::string* Request::field(std::string_view name) const { return find_first(form, name); }

const std::string* Request::query_param(std::string_view name) const { return find_first(query, name); }

const std::string* Request::cookie(std::string_view name) const { return find_first(cookies, name); }

std::optional<std::string> Request::site_cookie(std::string_view name) const {
    const std::string* value = find_first(site_cookies, name);
    return value ? std::optional<std::string>(*value) : std::nullopt;
}

Result<Request, RequestError> read_request(Exchange& exchange, const std::vector<std::string>& cookie_names) {
    Request request;
    request.method_name = param_or_empty(exchange, "REQUEST_METHOD");
    request.method = method_from(request.method_name);
    request.path = param_or_empty(exchange, "DOCUMENT_URI");
    if (request.path.empty()) {
        request.path = param_or_empty(exchange, "SCRIPT_NAME") + param_or_empty(exchange, "PATH_INFO");
    }
    request.remote_addr = param_or_empty(exchange, "REMOTE_ADDR");
    if (auto fields = read_fields(exchange, cookie_names, request); !fields) return fields.failure();
    if (!all_clean(request.query) || !all_clean(request.form)) {
        return fail(RequestError::bad_encoding, "a field is not clean UTF-8");
    }
    return request;
}

}  // namespace pwreset

// libFuzzer target: CGI request parsing through cgicc, cookies, form validation and `next`.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "cookie_names.h"
#include "csrf.h"
#include "exchange.h"
#include "flash.h"
#include "forms.h"
#include "local_path.h"
#include "password_policy.h"
#include "request.h"
#include "response.h"
#include "session.h"
#include "text.h"

using namespace pwreset;

namespace {

// The CGI variables the input sets, one per line in this order; the rest is the body.
constexpr const char* kParams[] = {"REQUEST_METHOD", "CONTENT_LENGTH", "CONTENT_TYPE",
                                   "QUERY_STRING",   "HTTP_COOKIE",    "DOCUMENT_URI"};
constexpr std::size_t kParamCount = sizeof kParams / sizeof kParams[0];
constexpr std::int64_t kNow = 1764340060;

// An Exchange over the fuzz input. Variables past the last line are absent (nullptr), and the
// body arrives in small pieces, as a slow client's would.
class FakeExchange : public Exchange {
public:
    explicit FakeExchange(std::string_view input) {
        for (std::size_t i = 0; i < kParamCount; ++i) {
            const std::size_t newline = input.find('\n');
            if (newline == std::string_view::npos) {
                body_ = std::string(input);
                return;
            }
            params_[i] = std::string(input.substr(0, newline));
            input.remove_prefix(newline + 1);
        }
        body_ = std::string(input);
    }

    const char* param(const char* name) const override {
        for (std::size_t i = 0; i < kParamCount; ++i) {
            if (std::strcmp(name, kParams[i]) == 0) return params_[i] ? params_[i]->c_str() : nullptr;
        }
        return nullptr;
    }

    std::size_t read_body(char* buffer, std::size_t size) override {
        const std::size_t n = std::min({size, body_.size() - offset_, std::size_t(7)});
        std::memcpy(buffer, body_.data() + offset_, n);
        offset_ += n;
        return n;
    }

    void write(std::string_view) override {}
    void log(std::string_view) override {}

    const std::string& body() const { return body_; }
    std::size_t body_bytes_read() const { return offset_; }

private:
    std::optional<std::string> params_[kParamCount];
    std::string body_;
    std::size_t offset_ = 0;
};

// The register page's form: the one with every kind of check.
const FormSpec& register_form() {
    static const FormSpec spec = [] {
        FormSpec form{{
            {"username", "Username", "text", "username", {{Check::required}, {Check::length, 2, 20}}},
            {"email", "Email", "email", "email", {{Check::required}, {Check::email}}},
            {"remember", "Remember Me", "checkbox", "", {}},
        }};
        for (auto& field : new_password_fields(Config{})) form.fields.push_back(std::move(field));
        return form;
    }();
    return spec;
}

const Keyring kKeys{"my-flask-secret-key", {}};

bool all_clean(const std::vector<std::pair<std::string, std::string>>& pairs) {
    return std::all_of(pairs.begin(), pairs.end(), [](const auto& pair) {
        return is_clean_utf8(pair.first) && is_clean_utf8(pair.second);
    });
}

bool all_ours(const std::vector<std::pair<std::string, std::string>>& cookies) {
    const auto& ours = cookie_names(true);
    return std::all_of(cookies.begin(), cookies.end(), [&](const auto& cookie) {
        return std::find(ours.begin(), ours.end(), cookie.first) != ours.end();
    });
}

// What the pages do with a request that passed read_request.
void use_request(const Request& request) {
    if (!all_clean(request.form) || !all_clean(request.query) || !all_clean(request.cookies)) {
        std::abort();  // read_request promises clean UTF-8 to every page
    }
    if (!all_ours(request.cookies)) std::abort();  // and no cookie but the ones asked for
    (void)validate_form(register_form(), request);
    Response response;
    const auto session = read_session(request, kKeys, true, kNow);
    (void)take_flashes(request, response, kKeys, true, kNow);
    const std::string* cookie = request.cookie(cookie_name(OurCookie::session, true));
    (void)csrf_valid(request, kKeys, true, session && cookie ? *cookie : std::string());
    if (const std::string* next = request.query_param("next")) (void)is_local_path(*next);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FakeExchange exchange(std::string_view(reinterpret_cast<const char*>(data), size));
    auto request = read_request(exchange, cookie_names(true));
    // The body is read only for POST, and never past the cap, whatever CONTENT_LENGTH says.
    const char* method = exchange.param("REQUEST_METHOD");
    const bool post = method && std::strcmp(method, "POST") == 0;
    if (exchange.body_bytes_read() > (post ? kMaxBodyBytes : 0)) std::abort();
    if (request) use_request(*request);

    // The checks on their own, on bytes read_request would have refused.
    const std::string& body = exchange.body();
    Request raw;
    raw.form = {{"username", body}, {"email", body}, {"password", body}, {"confirm_password", body}};
    (void)validate_form(register_form(), raw);
    (void)is_clean_utf8(body);
    (void)is_local_path(body);
    return 0;
}

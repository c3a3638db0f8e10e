// Test helpers for request parsing: a fake server exchange and readable printers.
#pragma once

#include <algorithm>
#include <cstring>
#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cookie_names.h"
#include "request.h"

namespace pwreset {
// Lets a failed check print which error came back.
inline std::ostream& operator<<(std::ostream& out, RequestError error) {
    return out << "RequestError(" << static_cast<int>(error) << ")";
}
inline std::ostream& operator<<(std::ostream& out, Method method) {
    return out << "Method(" << static_cast<int>(method) << ")";
}
}  // namespace pwreset

namespace pwreset::test {

using Params = std::map<std::string, std::string>;

// Serves CGI variables from a map and the body in small pieces, counting what was read.
class FakeExchange : public Exchange {
public:
    explicit FakeExchange(Params params, std::string body = {})
        : params_(std::move(params)), body_(std::move(body)) {}

    const char* param(const char* name) const override {
        const auto it = params_.find(name);
        return it == params_.end() ? nullptr : it->second.c_str();
    }
    std::size_t read_body(char* buffer, std::size_t size) override {
        const std::size_t n = std::min({size, body_.size() - read_, std::size_t{1000}});
        std::memcpy(buffer, body_.data() + read_, n);
        read_ += n;
        return n;
    }
    void write(std::string_view) override {}
    void log(std::string_view) override {}

    std::size_t bytes_read() const { return read_; }

private:
    Params params_;
    std::string body_;
    std::size_t read_ = 0;
};

inline const char* const kForm = "application/x-www-form-urlencoded";

inline Params post_params(std::string length, std::string type = kForm) {
    return {{"REQUEST_METHOD", "POST"}, {"CONTENT_LENGTH", length}, {"CONTENT_TYPE", type}};
}

// The cookies the pages ask read_request for, with cookie_secure = yes.
inline const std::vector<std::string>& our_cookies() { return cookie_names(true); }

inline Result<Request, RequestError> post(const std::string& body) {
    FakeExchange exchange(post_params(std::to_string(body.size())), body);
    return read_request(exchange, our_cookies());
}

inline Result<Request, RequestError> get_with_query(const std::string& query) {
    FakeExchange exchange({{"REQUEST_METHOD", "GET"}, {"QUERY_STRING", query}});
    return read_request(exchange, our_cookies());
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

// Renders pairs so a failed comparison shows both sides readably.
inline std::string show(const Pairs& pairs) {
    std::string text;
    for (const auto& [name, value] : pairs) text += "[" + name + "]=[" + value + "] ";
    return text;
}

}  // namespace pwreset::test

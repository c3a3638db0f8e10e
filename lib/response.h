// The response a page builds once and writes once: status, headers, cookies, body.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pwreset {

struct Cookie {
    std::string name;
    std::string value;
    std::int64_t max_age = -1;  // -1: a browser-session cookie; 0: delete it now
    bool secure = true;         // always Secure when the name has the __Host- or __Secure- prefix
};

class Response {
public:
    explicit Response(int status = 200) : status_(status) {}

    static Response redirect(std::string_view location);

    int status() const { return status_; }
    void set_status(int status) { status_ = status; }
    // Replaces a header of the same name. Values with CR or LF are dropped, never sent.
    void set_header(std::string_view name, std::string_view value);
    const std::string* header(std::string_view name) const;
    void set_cookie(const Cookie& cookie);
    void set_body(std::string body) { body_ = std::move(body); }
    const std::string& body() const { return body_; }
    const std::vector<std::string>& cookies() const { return cookies_; }

    // Work to do once the response has been sent and the request finished (handing a mail
    // to a detached sender), so its latency cannot show in the answer.
    void after_send(std::function<void()> job) { after_send_ = std::move(job); }
    std::function<void()> take_after_send() { return std::move(after_send_); }

    // "Status: ...\r\nHeaders...\r\n\r\nbody" as CGI and FastCGI expect; HEAD omits the body.
    std::string serialize(bool include_body = true) const;

private:
    int status_;
    std::vector<std::pair<std::string, std::string>> headers_;
    std::vector<std::string> cookies_;  // complete Set-Cookie values
    std::string body_;
    std::function<void()> after_send_;
};

// "404 Not Found" style reason phrase for the status line.
const char* reason_phrase(int status);

}  // namespace pwreset

// Test helpers for the pages: one page's handler served in-process, as nginx passes requests,
// from a site in a scratch folder (config, secret, database, the real templates, a sendmail
// stand-in keeping each message), to one visitor whose cookies are kept between requests.
#pragma once

#include <sys/stat.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "app.h"
#include "context.h"
#include "cookie_names.h"
#include "fake_exchange.h"
#include "flash.h"
#include "password.h"
#include "reset_token.h"
#include "scratch_db.h"
#include "session.h"

namespace pwreset::test {

// A password the dictionary checks take, and bcrypt's cheapest cost so cases stay fast.
inline const std::string kGoodPassword = "a-long-enough-new-password-for-the-walk";

class PageSite {
public:
    // config: keys to set or replace in the test site's config. No rate limits by default,
    // so that each case counts only its own requests.
    explicit PageSite(const Page& page, const Params& config = {}) : page_(page) {
        std::filesystem::create_directory(dir_.file("mail"));
        write(dir_.file("secret"), "the page tests' secret, long enough to sign with\n", 0600);
        // Each message whole or not at all, as mail/.NAME.eml.
        write(dir_.file("sendmail"),
              "#!/bin/sh\npart=$(mktemp " + dir_.file("mail/.XXXXXX") +
                  ") && cat > \"$part\" && mv \"$part\" \"$part.eml\"\n",
              0700);
        Params values{{"secret_key_file", dir_.file("secret")},
                      {"database", dir_.file("site.db")},
                      {"base_url", "https://pages.example"},
                      {"sendmail", dir_.file("sendmail") + " -t -i"},
                      {"templates_dir", "templates"},
                      {"languages", "en"},
                      {"cookie_secure", "no"},
                      {"bcrypt_cost", "4"},
                      {"password_min_length", "15"},
                      {"throttle_email_seconds", "0"},
                      {"throttle_ip_per_hour", "0"},
                      {"throttle_login_account", "0"},
                      {"throttle_login_ip_per_hour", "0"},
                      {"throttle_register_ip_per_hour", "0"}};
        for (const auto& [key, value] : config) values[key] = value;
        std::string text;
        for (const auto& [key, value] : values) text += key + " = " + value + "\n";
        write(dir_.file("pwreset.conf"), text, 0600);
        if (auto db = open_db(dir_.file("site.db")); !init_schema(*db)) throw std::runtime_error("schema");
        auto started = start_up(dir_.file("pwreset.conf"), page.templates);
        if (!started) throw std::runtime_error(started.detail());
        context_ = std::move(*started);
    }

    Context& context() { return *context_; }

    // One request as nginx passes it, with this visitor's cookies; the answer's cookies are kept.
    Response request(const std::string& method, const std::string& path, const std::string& body = {},
                     const std::string& query = {}) {
        Params params{{"REQUEST_METHOD", method},
                      {"DOCUMENT_URI", path},
                      {"QUERY_STRING", query},
                      {"REMOTE_ADDR", "192.0.2.1"},
                      {"HTTP_COOKIE", cookie_header()}};
        if (method == "POST") {
            params["CONTENT_LENGTH"] = std::to_string(body.size());
            params["CONTENT_TYPE"] = kForm;
        }
        FakeExchange exchange(params, body);
        const auto read = read_request(exchange, cookie_names(context_->config.cookie_secure));
        Response response = answer(*context_, page_, read, exchange);
        keep_cookies(response);
        return response;
    }
    Response get(const std::string& path, const std::string& query = {}) {
        return request("GET", path, {}, query);
    }

    // The form at path as the page shows it to this visitor, filled in and sent with its CSRF token.
    Response submit(const std::string& path, const Pairs& fields, const std::string& query = {}) {
        const std::string token = csrf_token(get(path, query).body());
        return request("POST", path, "csrf_token=" + encode(token) + "&" + encode(fields), query);
    }

    User add_user(const std::string& username, const std::string& email,
                  const std::string& password = kGoodPassword) {
        auto added = context_->users->add(username, email, hash_password(password, 4).value());
        if (!added) throw std::runtime_error("add user: " + added.detail());
        return context_->users->find_by_id(*added).value().value();
    }
    std::optional<User> user(const std::string& email) {
        return context_->users->find_by_email(email).value();
    }

    // This visitor logged in as user, as /login would leave them.
    void log_in(const User& user) {
        Response response;
        start_session(response, context_->keys, {context_->config.cookie_secure, 3600}, user.id,
                      user.password_hash, false, context_->now());
        keep_cookies(response);
    }
    bool has_cookie(OurCookie cookie) const {
        return cookies_.count(cookie_name(cookie, context_->config.cookie_secure)) > 0;
    }

    // The path of a reset link mailed to user now.
    std::string reset_path(const User& user) const {
        return "/reset_password/" + mint_reset_token(context_->keys, user.id, user.password_hash,
                                                     context_->now(), context_->config.token_max_age);
    }

    // The messages this visitor's flash cookie carries to the next page, as "category: text".
    std::vector<std::string> flashes() const {
        Request request;
        request.cookies.assign(cookies_.begin(), cookies_.end());
        Response ignored;
        std::vector<std::string> shown;
        for (const FlashMessage& message : take_flashes(request, ignored, context_->keys,
                                                        context_->config.cookie_secure, context_->now())) {
            shown.push_back(message.category + ": " + message.text);
        }
        return shown;
    }

    // Every message the sendmail stand-in was given, once there are at least `wanted` (mails
    // sent after the answer arrive a moment later) or five seconds have passed.
    std::vector<std::string> mails(std::size_t wanted = 0) const {
        std::vector<std::string> found;
        for (int tries = 0; tries < 500; ++tries) {
            found.clear();
            for (const auto& entry : std::filesystem::directory_iterator(dir_.file("mail"))) {
                if (entry.path().extension() != ".eml") continue;
                std::ifstream in(entry.path());
                found.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            }
            if (found.size() >= wanted) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return found;
    }

    // What the page leaves until its answer has gone: a mail handed to a detached sender.
    static void after_send(Response& response) {
        if (auto job = response.take_after_send()) job();
    }

private:
    static void write(const std::string& path, const std::string& text, mode_t mode) {
        std::ofstream(path) << text;
        chmod(path.c_str(), mode);
    }

    static std::string encode(const std::string& text) {
        std::string out;
        for (unsigned char c : text) {
            if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
                out += static_cast<char>(c);
            } else {
                char escaped[4];
                std::snprintf(escaped, sizeof escaped, "%%%02X", c);
                out += escaped;
            }
        }
        return out;
    }
    static std::string encode(const Pairs& fields) {
        std::string body;
        for (const auto& [name, value] : fields) {
            body += (body.empty() ? "" : "&") + encode(name) + "=" + encode(value);
        }
        return body;
    }

    static std::string csrf_token(const std::string& page) {
        const std::string marker = "name=\"csrf_token\" value=\"";
        const auto start = page.find(marker);
        if (start == std::string::npos) throw std::runtime_error("no CSRF token on the page");
        const auto from = start + marker.size();
        return page.substr(from, page.find('"', from) - from);
    }

    std::string cookie_header() const {
        std::string header;
        for (const auto& [name, value] : cookies_) {
            header += (header.empty() ? "" : "; ") + name + "=" + value;
        }
        return header;
    }

    // As a browser does: set each cookie of the answer, and drop those it expires.
    void keep_cookies(const Response& response) {
        for (const std::string& line : response.cookies()) {
            const auto equals = line.find('=');
            const auto end = line.find(';');
            const std::string name = line.substr(0, equals);
            if (line.find("; Max-Age=0") != std::string::npos) {
                cookies_.erase(name);
            } else {
                cookies_[name] = line.substr(equals + 1, end - equals - 1);
            }
        }
    }

    ScratchDir dir_;
    const Page& page_;
    std::unique_ptr<Context> context_;
    std::map<std::string, std::string> cookies_;
};

// Where a redirect sends the visitor; empty for any other answer.
inline std::string location(const Response& response) {
    const std::string* header = response.header("Location");
    return header ? *header : std::string();
}

// Whether the page shows text, as written (templates escape what they fill in).
inline bool shows(const Response& page, const std::string& text) {
    return page.body().find(text) != std::string::npos;
}

// How the page answers each method, against what the routes table (cgi-bin/routes) says
// program answers: "" when they agree, else one line per method that differs.
inline std::string methods_against_routes(PageSite& site, const std::string& program,
                                          const std::string& path) {
    std::ifstream table("cgi-bin/routes");
    std::string line, listed;
    while (std::getline(table, line)) {
        std::istringstream fields(line);
        std::string route, name, methods;
        if (fields >> route >> name >> methods && route[0] != '#' && name == program) listed = methods;
    }
    if (listed.empty()) return "cgi-bin/routes has no route for " + program;
    std::string allow = listed, problems;
    for (auto comma = allow.find(','); comma != std::string::npos; comma = allow.find(',', comma + 2)) {
        allow.replace(comma, 1, ", ");
    }
    for (const std::string method : {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
        const Response response = site.request(method, path, "email=x");
        const bool allowed = ("," + listed + ",").find("," + method + ",") != std::string::npos;
        const std::string* header = response.header("Allow");
        if (allowed && response.status() == 405) problems += method + ": 405, but the table lists it\n";
        if (!allowed && (response.status() != 405 || !header || *header != allow)) {
            problems += method + ": " + std::to_string(response.status()) +
                        " Allow: " + (header ? *header : "none") + ", want 405 Allow: " + allow + "\n";
        }
    }
    return problems;
}

}  // namespace pwreset::test

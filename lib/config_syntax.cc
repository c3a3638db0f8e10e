// The kinds of value a config key takes, each checked as it is read and shown as a file gives it.
#include "config_syntax.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "language.h"
#include "text.h"

namespace pwreset {

std::string needs_value(std::string& v) { return v.empty() ? "needs a value" : std::string(); }

ConfigSyntax text(std::string Config::*field, std::string values, Check check) {
    return {std::move(values),
            [=](Config& c, const std::string& v) -> std::string {
                std::string value = v;
                if (std::string problem = check(value); !problem.empty()) return problem;
                c.*field = std::move(value);
                return {};
            },
            [=](const Config& c) { return c.*field; }};
}

namespace {

// A whole number in [min, max] for field; unit names it in the key table ("seconds") and
// what in the refusal ("a whole number", "a number of seconds").
template <typename Number>
ConfigSyntax whole_number(Number Config::*field, long long min, long long max, const std::string& unit,
                          const std::string& what) {
    const std::string range = std::to_string(min) + " to " + std::to_string(max);
    return {range + unit,
            [=](Config& c, const std::string& v) -> std::string {
                char* end = nullptr;
                errno = 0;
                const long long n = std::strtoll(v.c_str(), &end, 10);
                if (v.empty() || *end != '\0' || errno == ERANGE || n < min || n > max) {
                    return "must be " + what + " from " + range;
                }
                c.*field = static_cast<Number>(n);
                return {};
            },
            [=](const Config& c) { return std::to_string(c.*field); }};
}

}  // namespace

ConfigSyntax integer(int Config::*field, long min, long max) {
    return whole_number(field, min, max, "", "a whole number");
}

ConfigSyntax seconds(std::int64_t Config::*field, long long min, long long max) {
    return whole_number(field, min, max, " seconds", "a number of seconds");
}

ConfigSyntax flag(bool Config::*field) {
    return {"yes or no",
            [field](Config& c, const std::string& v) -> std::string {
                if (v == "yes" || v == "true" || v == "on" || v == "1") {
                    c.*field = true;
                } else if (v == "no" || v == "false" || v == "off" || v == "0") {
                    c.*field = false;
                } else {
                    return "must be yes or no";
                }
                return {};
            },
            [field](const Config& c) { return std::string(c.*field ? "yes" : "no"); }};
}

ConfigSyntax list(std::vector<std::string> Config::*field, std::string values, std::string noun,
                  ItemCheck check, bool may_be_empty) {
    return {
        std::move(values),
        [=](Config& c, const std::string& v) -> std::string {
            std::vector<std::string> items;
            for (std::size_t start = 0; !(v.empty() && may_be_empty);) {
                const auto comma = v.find(',', start);
                std::string item(trim(v.substr(start, comma == std::string::npos ? comma : comma - start)));
                if (item.empty()) return "is a comma-separated list of " + noun + " with an empty entry";
                if (std::string problem = check(item, items); !problem.empty()) return problem;
                items.push_back(std::move(item));
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
            c.*field = std::move(items);
            return {};
        },
        [=](const Config& c) {
            std::string shown;
            for (const auto& item : c.*field) shown += (shown.empty() ? "" : ", ") + item;
            return shown;
        }};
}

std::string any_file(std::string&, const std::vector<std::string>&) { return {}; }

std::string check_language(std::string& item, const std::vector<std::string>& so_far) {
    item = lower_ascii(item);
    const auto& shipped = shipped_languages();
    if (std::find(shipped.begin(), shipped.end(), item) == shipped.end()) {
        return "lists '" + item + "', which is not a shipped language";
    }
    if (std::find(so_far.begin(), so_far.end(), item) != so_far.end()) return "lists '" + item + "' twice";
    return {};
}

std::string check_base_url(std::string& url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    const bool scheme = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
    const auto host_start = url.find("://") + 3;
    if (!scheme || url.size() <= host_start || url.find_first_of(" \t\"'<>\\") != std::string::npos) {
        return "must be an http:// or https:// URL such as https://example.org";
    }
    return {};
}

std::string check_mail_from(std::string& v) {
    return v.find('@') == std::string::npos ? "must be a mail address" : std::string();
}

std::string check_login_url(std::string& v) {
    const bool path = v.size() > 0 && v[0] == '/' && (v.size() == 1 || v[1] != '/');
    const bool url =
        (v.rfind("http://", 0) == 0 && v.size() > 7) || (v.rfind("https://", 0) == 0 && v.size() > 8);
    const bool clean = std::all_of(v.begin(), v.end(), [](char ch) {
        return ch > ' ' && ch < 0x7f && std::strchr("\"'<>\\`", ch) == nullptr;
    });
    if (!(path || url) || !clean) {
        return "must be a path on this site such as /login, or an http:// or https:// URL";
    }
    return {};
}

std::string check_site_name(std::string& v) {
    const bool printable = std::all_of(
        v.begin(), v.end(), [](char ch) { return static_cast<unsigned char>(ch) >= ' ' && ch != 0x7f; });
    if (v.empty() || !printable) return "must be a name of printable characters";
    return {};
}

std::string check_cookie_name(std::string& v) {
    return is_token(v) ? std::string() : "must be a cookie name: letters, digits and !#$%&'*+-.^_`|~";
}

}  // namespace pwreset

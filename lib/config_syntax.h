// The kinds of value a config key takes (text, whole numbers, seconds, yes/no, lists) and the
// checks of single keys, from which lib/config.cc builds its key table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config.h"

namespace pwreset {

// A check that may also tidy the value: returns why the value is refused, or empty.
using Check = std::string (*)(std::string&);
// The same for one item of a list, given the items before it.
using ItemCheck = std::string (*)(std::string&, const std::vector<std::string>&);

std::string needs_value(std::string& v);

ConfigSyntax text(std::string Config::*field, std::string values, Check check = needs_value);
ConfigSyntax integer(int Config::*field, long min, long max);
ConfigSyntax seconds(std::int64_t Config::*field, long long min, long long max);
ConfigSyntax flag(bool Config::*field);
// Items separated by commas, each trimmed; an empty entry is refused, and so is an empty value
// unless the list may be empty.
ConfigSyntax list(std::vector<std::string> Config::*field, std::string values, std::string noun,
                  ItemCheck check, bool may_be_empty);

// Item checks: any file; a shipped language (lower-cased), not twice.
std::string any_file(std::string& item, const std::vector<std::string>& so_far);
std::string check_language(std::string& item, const std::vector<std::string>& so_far);

std::string check_base_url(std::string& url);
std::string check_mail_from(std::string& v);
// A path on this site ("/login") or an http(s) URL: what a Location header and a link may hold.
std::string check_login_url(std::string& v);
// Shown in pages (escaped) and in mail bodies: one line of printable text.
std::string check_site_name(std::string& v);
// RFC 6265's cookie-name, as Flask's SESSION_COOKIE_NAME must be one.
std::string check_cookie_name(std::string& v);

}  // namespace pwreset

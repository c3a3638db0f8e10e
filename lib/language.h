// Which language a page speaks: the shipped catalogues and the request's Accept-Language.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pwreset {

// English (the texts themselves) and each catalogue in po/, as lower-case primary tags.
const std::vector<std::string>& shipped_languages();

// The language to answer in: of offered (the `languages` config key, most preferred first),
// the one the Accept-Language header ranks highest. A tag counts for its primary language
// ("fr-CH" for fr); q values rank tags, equal ones in header order; q=0 refuses a language;
// "*" stands for the first offered language the header does not name. No match, or no
// header: the first offered language the header does not refuse.
std::string choose_language(std::string_view accept_language, const std::vector<std::string>& offered);

}  // namespace pwreset

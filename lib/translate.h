// Texts in the visitor's language through GNU gettext: the catalogues, the switch, the lookups.
#pragma once

#include <string>
#include <vector>

#include "result.h"

// Marks a text for xgettext where a table only names it; tr() translates it where it is shown.
#define N_(text) text

namespace pwreset {

// The catalogues are LOCALE_DIR/<language>/LC_MESSAGES/pwreset.mo.
constexpr const char* kTextDomain = "pwreset";

// Binds the text domain to locale_dir and lets LANGUAGE choose the catalogue (glibc reads it
// only when LC_MESSAGES is not "C", hence C.UTF-8, which glibc builds in); outside a
// LanguageScope texts are English. Fails naming the first catalogue of languages (English
// needs none) that cannot be read. Process-wide, like gettext itself: call before forking.
Result<Done, std::string> load_translations(const std::string& locale_dir,
                                            const std::vector<std::string>& languages);

// While one is alive, tr() and the libraries' own gettext texts (libpwquality's) come in
// language; English again after. Switching is process-wide: one request at a time per
// process, as every worker serves.
class LanguageScope {
public:
    explicit LanguageScope(const std::string& language);
    ~LanguageScope();
    LanguageScope(const LanguageScope&) = delete;
    LanguageScope& operator=(const LanguageScope&) = delete;

private:
    std::string previous_;
};

// The language texts come in now: "en" outside any LanguageScope.
const std::string& current_language();

// msgid in the current language; msgid itself in English or when the catalogue lacks it.
const char* tr(const char* msgid) __attribute__((format_arg(1)));
// The singular or plural of a text counting n, as the current language's plural rule picks.
// (The compiler checks the plural's format; an English singular may say "a minute" for %d.)
const char* trn(const char* singular, const char* plural, unsigned long n) __attribute__((format_arg(2)));
// printf into a string, for translated patterns (their %1$s may reorder the values).
std::string format_text(const char* pattern, ...) __attribute__((format(printf, 1, 2)));

}  // namespace pwreset

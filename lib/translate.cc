// GNU gettext (glibc's libintl) switched per request through LANGUAGE, as its manual shows.
#include "translate.h"

#include <libintl.h>
#include <unistd.h>

#include <clocale>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

// glibc's catalogue generation counter: bumping it makes gettext drop the texts it cached
// for the previous LANGUAGE (the gettext manual, "Being a gettext grok").
extern "C" int _nl_msg_cat_cntr;

namespace pwreset {
namespace {

const std::string kEnglish = "en";

std::string& language_now() {
    static std::string language = kEnglish;
    return language;
}

void speak(const std::string& language) {
    language_now() = language;
    setenv("LANGUAGE", language.c_str(), 1);
    ++_nl_msg_cat_cntr;
}

// Only a change of language touches the environment and gettext's caches: most requests
// come in the language the worker already speaks.
void switch_to(const std::string& language) {
    if (language != language_now()) speak(language);
}

}  // namespace

Result<Done, std::string> load_translations(const std::string& locale_dir,
                                            const std::vector<std::string>& languages) {
    for (const auto& language : languages) {
        if (language == kEnglish) continue;
        const std::string catalogue = locale_dir + "/" + language + "/LC_MESSAGES/" + kTextDomain + ".mo";
        if (access(catalogue.c_str(), R_OK) != 0) {
            return fail(std::string(), catalogue + ": translations missing or unreadable (locale_dir)");
        }
    }
    if (std::setlocale(LC_MESSAGES, "C.UTF-8") == nullptr) {
        return fail(std::string(), "the C.UTF-8 locale is missing, so no language but English can be shown");
    }
    bindtextdomain(kTextDomain, locale_dir.c_str());
    // Pages and mails are UTF-8 whatever LC_CTYPE says, and so are libpwquality's reasons.
    for (const char* domain : {kTextDomain, "libpwquality", "cracklib"})
        bind_textdomain_codeset(domain, "UTF-8");
    speak(kEnglish);
    return Done{};
}

LanguageScope::LanguageScope(const std::string& language) : previous_(language_now()) { switch_to(language); }

LanguageScope::~LanguageScope() { switch_to(previous_); }

const std::string& current_language() { return language_now(); }

const char* tr(const char* msgid) {
    if (language_now() == kEnglish) return msgid;
    return dgettext(kTextDomain, msgid);
}

const char* trn(const char* singular, const char* plural, unsigned long n) {
    if (language_now() == kEnglish) return n == 1 ? singular : plural;
    return dngettext(kTextDomain, singular, plural, n);
}

std::string format_text(const char* pattern, ...) {
    va_list args;
    va_start(args, pattern);
    va_list again;
    va_copy(again, args);
    const int size = std::vsnprintf(nullptr, 0, pattern, args);
    va_end(args);
    std::string text(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
    if (size > 0) std::vsnprintf(text.data(), text.size() + 1, pattern, again);
    va_end(again);
    return text;
}

}  // namespace pwreset

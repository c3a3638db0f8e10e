// Catalogue lookup through GNU gettext: po/ compiled into a scratch folder, switched per scope.
#define BOOST_TEST_MODULE translate
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "translate.h"

using namespace pwreset;

namespace {

// The catalogues of po/, built as make builds them, once for the whole run.
const std::string& locale_dir() {
    static const std::string dir = [] {
        const auto root =
            std::filesystem::temp_directory_path() / ("pwreset-translate-" + std::to_string(getpid()));
        for (const char* language : {"de", "fr", "es"}) {
            const auto folder = root / language / "LC_MESSAGES";
            std::filesystem::create_directories(folder);
            const std::string command =
                std::string("msgfmt -o ") + (folder / "pwreset.mo").string() + " po/" + language + ".po";
            if (std::system(command.c_str()) != 0) throw std::runtime_error("msgfmt failed: " + command);
        }
        return root.string();
    }();
    return dir;
}

struct Loaded {
    Loaded() {
        auto loaded = load_translations(locale_dir(), {"en", "de", "fr", "es"});
        if (!loaded) throw std::runtime_error(loaded.detail());
    }
    ~Loaded() { std::filesystem::remove_all(locale_dir()); }
};

struct Case {
    const char* language;
    const char* msgid;
    const char* expected;
};

}  // namespace

BOOST_TEST_GLOBAL_FIXTURE(Loaded);

BOOST_AUTO_TEST_CASE(each_scope_speaks_its_language_and_english_returns_after) {
    const Case cases[] = {
        {"de", "Reset Password", "Passwort zurücksetzen"},
        {"fr", "Reset Password", "Réinitialiser le mot de passe"},
        {"es", "Reset Password", "Restablecer contraseña"},
        {"en", "Reset Password", "Reset Password"},
        {"de", "Forgot Password?", "Passwort vergessen?"},
        {"fr", "Forgot Password?", "Mot de passe oublié\u00a0?"},
        {"de", "a text no catalogue has", "a text no catalogue has"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.language << ": " << c.msgid) {
            const LanguageScope scope(c.language);
            BOOST_TEST(current_language() == c.language);
            BOOST_TEST(std::string(tr(c.msgid)) == c.expected);
        }
        BOOST_TEST(current_language() == "en");
        BOOST_TEST(std::string(tr(c.msgid)) == c.msgid);
    }
}

BOOST_AUTO_TEST_CASE(switching_back_and_forth_never_keeps_a_stale_text) {
    for (int round = 0; round < 3; ++round) {
        for (const auto& [language, expected] : {std::pair{"de", "Startseite"}, std::pair{"fr", "Accueil"},
                                                 std::pair{"es", "Inicio"}, std::pair{"en", "Home"}}) {
            const LanguageScope scope(language);
            BOOST_TEST(std::string(tr("Home")) == expected);
        }
    }
}

BOOST_AUTO_TEST_CASE(plurals_follow_each_language_rule) {
    const char* singular = "Field must be at least %d character long.";
    const char* plural = "Field must be at least %d characters long.";
    BOOST_TEST(format_text(trn(singular, plural, 1), 1) == "Field must be at least 1 character long.");
    BOOST_TEST(format_text(trn(singular, plural, 15), 15) == "Field must be at least 15 characters long.");
    {
        const LanguageScope scope("fr");
        // French counts 0 and 1 as singular.
        BOOST_TEST(format_text(trn(singular, plural, 0), 0) ==
                   "Le champ doit comporter au moins 0 caractère.");
        BOOST_TEST(format_text(trn(singular, plural, 2), 2) ==
                   "Le champ doit comporter au moins 2 caractères.");
    }
    const LanguageScope scope("es");
    BOOST_TEST(format_text(trn(singular, plural, 1), 1) == "El campo debe tener al menos 1 carácter.");
}

BOOST_AUTO_TEST_CASE(a_missing_catalogue_stops_start_up_naming_the_file) {
    auto loaded = load_translations(locale_dir() + "/nowhere", {"en", "de"});
    BOOST_TEST_REQUIRE(!loaded.ok());
    BOOST_TEST(loaded.detail().find("/nowhere/de/LC_MESSAGES/pwreset.mo") != std::string::npos);
    BOOST_TEST(load_translations(locale_dir() + "/nowhere", {"en"}).ok());  // English needs none
    BOOST_TEST(load_translations(locale_dir(), {"en", "de", "fr", "es"}).ok());
}

// The templates' own words as msgids: xgettext finds them here, the renderer translates them.
#include "template_texts.h"

#include "translate.h"

namespace pwreset {

const std::vector<TemplateText>& template_texts() {
    static const std::vector<TemplateText> texts = {
        // layout.tpl: the navbar.
        {"T_HOME", N_("Home")},
        {"T_LOGIN", N_("Login")},
        {"T_REGISTER", N_("Register")},
        {"T_LOGOUT", N_("Logout")},
        // form.tpl: the links under the login and register forms.
        {"T_FORGOT_PASSWORD", N_("Forgot Password?")},
        {"T_NEED_ACCOUNT", N_("Need An Account?")},
        {"T_SIGN_UP_NOW", N_("Sign Up Now")},
        {"T_HAVE_ACCOUNT", N_("Already Have An Account?")},
        {"T_SIGN_IN", N_("Sign In")},
        // home.tpl, for a logged-in visitor: the username, the email address.
        {"T_HELLO", N_("Hello, %s!"), true},
        {"T_LOGGED_IN_AS", N_("You are logged in as %s."), true},
        // home.tpl, for a visitor not logged in: "Log in or create an account." as links.
        {"T_WELCOME", N_("Welcome")},
        // TRANSLATORS: the first link of "Log in or create an account."
        {"T_LOG_IN_LINK", N_("Log in")},
        // TRANSLATORS: between the two links of "Log in or create an account."
        {"T_OR", N_("or")},
        // TRANSLATORS: the second link of "Log in or create an account."
        {"T_CREATE_ACCOUNT", N_("create an account")},
        {"T_LOG_OUT_LINK", N_("Log out")},
        // logout.tpl and notice.tpl.
        {"T_LOG_OUT", N_("Log Out")},
        {"T_LOG_OUT_QUESTION", N_("Do you want to log out?")},
        {"T_LOG_IN", N_("Log In")},
        // error.tpl.
        {"T_BACK_HOME", N_("Back to the home page")},
        // reset_mail.html.tpl, the reset mail's HTML part.
        {"T_RESET_SUBJECT", N_("Password Reset Request")},
        {"T_RESET_VISIT", N_("To reset your password, visit the following link:")},
        {"T_RESET_IGNORE",
         N_("If you did not make this request, then simply ignore this email and no change will happen.")},
    };
    return texts;
}

const TemplateText* find_template_text(std::string_view name) {
    for (const auto& text : template_texts()) {
        if (name == text.name) return &text;
    }
    return nullptr;
}

}  // namespace pwreset

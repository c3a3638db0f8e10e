// The new-password fields, their validators, and the blocklist check via libpwquality.
#include "password_policy.h"

#include <pwquality.h>

#include "password.h"
#include "text.h"
#include "translate.h"

namespace pwreset {
namespace {

// Parts shorter than this are too common inside unrelated words to be refused.
constexpr std::size_t kShortestPersonalPart = 3;

bool contains_part(const std::string& password, std::string_view part) {
    return part.size() >= kShortestPersonalPart && password.find(lower_ascii(part)) != std::string::npos;
}

// Built-in settings only: the host's /etc/security/pwquality.conf may carry composition
// rules meant for system logins, which we do not want for a website.
pwquality_settings_t* dictionary_settings() {
    static pwquality_settings_t* settings = [] {
        pwquality_settings_t* s = pwquality_default_settings();
        if (!s) return s;
        const int zero_settings[] = {
            PWQ_SETTING_DIFF_OK,     PWQ_SETTING_DIG_CREDIT,       PWQ_SETTING_UP_CREDIT,
            PWQ_SETTING_LOW_CREDIT,  PWQ_SETTING_OTH_CREDIT,       PWQ_SETTING_MIN_CLASS,
            PWQ_SETTING_MAX_REPEAT,  PWQ_SETTING_MAX_CLASS_REPEAT, PWQ_SETTING_MAX_SEQUENCE,
            PWQ_SETTING_GECOS_CHECK, PWQ_SETTING_ENFORCE_ROOT,     PWQ_SETTING_LOCAL_USERS};
        for (int setting : zero_settings) pwquality_set_int_value(s, setting, 0);
        pwquality_set_int_value(s, PWQ_SETTING_MIN_LENGTH, 6);
        pwquality_set_int_value(s, PWQ_SETTING_DICT_CHECK, 1);
        pwquality_set_int_value(s, PWQ_SETTING_USER_CHECK, 0);
        return s;
    }();
    return settings;
}

}  // namespace

std::string new_password_help(const Config& config) {
    const int bytes = static_cast<int>(kBcryptMaxPasswordBytes);
    return format_text(trn("At least %d characters and at most %d bytes; not your username or the name in "
                           "your email address, and not a dictionary word.",
                           "At least %d characters and at most %d bytes; not your username or the name in "
                           "your email address, and not a dictionary word.",
                           config.password_min_length),
                       config.password_min_length, bytes);
}

// Generated passwords stay within printable ASCII, where a character is one byte: so the
// maxlength is exactly bcrypt's byte limit. No required classes: length carries the weight.
std::string new_password_rules(const Config& config) {
    return "minlength: " + std::to_string(config.password_min_length) +
           "; maxlength: " + std::to_string(kBcryptMaxPasswordBytes) + "; allowed: ascii-printable;";
}

std::vector<FieldSpec> new_password_fields(const Config& config) {
    return {
        {"password",
         N_("Password"),
         "password",
         "new-password",
         {{Check::required},
          {Check::length, config.password_min_length, 0},
          {Check::max_bytes, 0, static_cast<int>(kBcryptMaxPasswordBytes)}},
         new_password_help(config),
         config.password_min_length,
         new_password_rules(config)},
        {"confirm_password",
         N_("Confirm Password"),
         "password",
         "new-password",
         {{Check::required}, {Check::equal_to, 0, 0, "password"}}},
    };
}

std::optional<std::string> password_weakness(std::string_view password, std::string_view username,
                                             std::string_view email) {
    const std::string lowered = lower_ascii(password);
    const std::string_view email_name = email.substr(0, email.find('@'));
    if (contains_part(lowered, username) || contains_part(lowered, email_name)) {
        return std::string(tr("Password must not contain your username or the name in your email address."));
    }
    pwquality_settings_t* settings = dictionary_settings();
    if (!settings) return std::nullopt;
    const std::string text(password);
    void* aux = nullptr;
    const int score = pwquality_check(settings, text.c_str(), nullptr, nullptr, &aux);
    if (score >= 0) return std::nullopt;
    char reason[PWQ_MAX_ERROR_MESSAGE_LEN];
    const char* why = pwquality_strerror(reason, sizeof reason, score, aux);
    // libpwquality gives its reason in the visitor's language too; some end in a full stop.
    std::string reason_text = why ? why : tr("it failed the dictionary check");
    if (!reason_text.empty() && reason_text.back() == '.') reason_text.pop_back();
    return format_text(tr("Password is too easy to guess: %s."), reason_text.c_str());
}

}  // namespace pwreset

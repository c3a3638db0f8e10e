// Form validation with WTForms' semantics and messages, so pages read as flaskblog's did.
#include "forms.h"

#include <cstdio>
#include <cstring>

#include "text.h"
#include "translate.h"

namespace pwreset {
namespace {

// RFC 5321's limit on a forward path, as email_validator applies it.
constexpr std::size_t kMaxEmailBytes = 254;
constexpr std::size_t kMaxLabelBytes = 63;

// Python's str.isspace(), which DataRequired's strip() uses.
bool is_python_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}

bool is_blank(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        if (!is_python_space(next_code_point(text, pos))) return false;
    }
    return true;
}

bool has_space_or_control(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        const char32_t c = next_code_point(text, pos);
        if (c < 0x20 || c == 0x7F || is_python_space(c)) return true;
    }
    return false;
}

// A DNS label, or an internationalised one still in UTF-8 (browsers send those unconverted).
bool is_domain_label(std::string_view label) {
    if (label.empty() || label.size() > kMaxLabelBytes) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
        const auto byte = static_cast<unsigned char>(c);
        if (!(is_ascii_alnum(c) || c == '-' || byte >= 0x80)) return false;
    }
    return true;
}

// WTForms' Length messages, with its ngettext forms.
std::string length_message(int min, int max) {
    if (min > 0 && max > 0 && min == max) {
        return format_text(
            trn("Field must be exactly %d character long.", "Field must be exactly %d characters long.", max),
            max);
    }
    if (min > 0 && max > 0) {
        return format_text(tr("Field must be between %d and %d characters long."), min, max);
    }
    if (max > 0) {
        return format_text(trn("Field cannot be longer than %d character.",
                               "Field cannot be longer than %d characters.", max),
                           max);
    }
    return format_text(
        trn("Field must be at least %d character long.", "Field must be at least %d characters long.", min),
        min);
}

// The message for value failing validator, or "" when it passes.
std::string check(const Validator& validator, const std::string& value, const FormState& form) {
    switch (validator.check) {
        case Check::required: return is_blank(value) ? tr("This field is required.") : "";
        case Check::email: return is_email(value) ? "" : tr("Invalid email address.");
        case Check::length: {
            const std::size_t length = count_code_points(value);
            const bool too_short = validator.min > 0 && length < std::size_t(validator.min);
            const bool too_long = validator.max > 0 && length > std::size_t(validator.max);
            return too_short || too_long ? length_message(validator.min, validator.max) : "";
        }
        case Check::max_bytes:
            if (value.size() <= std::size_t(validator.max)) return "";
            return format_text(trn("Field must be at most %d byte long: bcrypt, which stores passwords, "
                                   "reads no more than that.",
                                   "Field must be at most %d bytes long: bcrypt, which stores passwords, "
                                   "reads no more than that.",
                                   validator.max),
                               validator.max);
        case Check::equal_to:
            if (validator.other && value == form.value(validator.other)) return "";
            // TRANSLATORS: %s is the other field's name, as the form sends it ("password").
            return format_text(tr("Field must be equal to %s."), validator.other ? validator.other : "");
    }
    return "";
}

bool is_required(const FieldSpec& field) {
    for (const auto& validator : field.validators) {
        if (validator.check == Check::required) return true;
    }
    return false;
}

// A checkbox is "y" when ticked and "" otherwise, whatever the browser sent for it.
std::string submitted_value(const FieldSpec& field, const Request& request) {
    const std::string* sent = request.field(field.name);
    if (std::strcmp(field.input_type, "checkbox") == 0) {
        return sent && (*sent == "y" || *sent == "on") ? "y" : "";
    }
    return sent ? *sent : "";
}

void validate_field(const FieldSpec& field, FormState& form) {
    const std::string& value = form.value(field.name);
    if (value.empty() && !is_required(field)) return;
    for (const auto& validator : field.validators) {
        std::string message = check(validator, value, form);
        if (message.empty()) continue;
        form.add_error(field.name, std::move(message));
        if (validator.check == Check::required) return;
    }
}

}  // namespace

bool is_email(std::string_view text) {
    const std::size_t at = text.find('@');
    if (at == std::string_view::npos || text.size() > kMaxEmailBytes) return false;
    const std::string_view local = text.substr(0, at);
    const std::string_view domain = text.substr(at + 1);
    if (local.empty() || has_space_or_control(local)) return false;
    if (domain.find('.') == std::string_view::npos) return false;
    for (std::size_t start = 0;;) {
        const std::size_t dot = domain.find('.', start);
        if (!is_domain_label(domain.substr(start, dot - start))) return false;
        if (dot == std::string_view::npos) return true;
        start = dot + 1;
    }
}

const std::string& FormState::value(const std::string& field) const {
    static const std::string empty;
    const auto found = values.find(field);
    return found == values.end() ? empty : found->second;
}

FormState validate_form(const FormSpec& spec, const Request& request) {
    FormState form;
    for (const auto& field : spec.fields) form.values[field.name] = submitted_value(field, request);
    for (const auto& field : spec.fields) validate_field(field, form);
    return form;
}

}  // namespace pwreset

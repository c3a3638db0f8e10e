// Forms as data: each field with its validators, checked before any I/O (like kcgi's kvalid).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "request.h"

namespace pwreset {

enum class Check {
    required,   // WTForms DataRequired: "This field is required."
    email,      // WTForms Email: "Invalid email address."
    length,     // min..max characters: "Field must be between 2 and 20 characters long."
    max_bytes,  // at most max bytes (bcrypt's 72)
    equal_to,   // WTForms EqualTo(other): "Field must be equal to <other>."
};

struct Validator {
    Check check;
    int min = 0;
    int max = 0;
    const char* other = nullptr;  // the field equal_to compares with
};

struct FieldSpec {
    const char* name;
    const char* label;
    const char* input_type;    // text, email, password, checkbox
    const char* autocomplete;  // email, username, current-password, new-password, or ""
    std::vector<Validator> validators;
    // Rules shown before any submit: help text linked by aria-describedby, a minlength and
    // Apple's passwordrules for password generators. Empty or 0: none.
    std::string help{};
    int minlength = 0;
    std::string passwordrules{};
};

struct FormSpec {
    std::vector<FieldSpec> fields;
};

// Submitted values and per-field messages after validation.
struct FormState {
    std::map<std::string, std::string> values;
    std::map<std::string, std::vector<std::string>> errors;

    bool valid() const { return errors.empty(); }
    void add_error(const std::string& field, std::string message) {
        errors[field].push_back(std::move(message));
    }
    const std::string& value(const std::string& field) const;
};

// Reads each field of spec from the request's form and runs its validators in order, as
// WTForms does: a failing required check stops that field's chain; every other check runs
// and adds its own message. An empty field without a required check is not checked.
FormState validate_form(const FormSpec& spec, const Request& request);

// The Email check's rule: one '@' after a local part without spaces or control characters, a
// domain of DNS labels with at least one dot, at most 254 bytes. The admin tool takes the same
// addresses, so an account it adds can always ask for a reset.
bool is_email(std::string_view text);

}  // namespace pwreset

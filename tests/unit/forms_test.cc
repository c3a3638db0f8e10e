// Form validation: WTForms' rules and exact messages for the seed's forms.
#define BOOST_TEST_MODULE forms
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <vector>

#include "forms.h"

using namespace pwreset;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;
using Messages = std::vector<std::string>;

const char* const kRequired = "This field is required.";
const char* const kBadEmail = "Invalid email address.";
const char* const kBcrypt =
    "Field must be at most 72 bytes long: bcrypt, which stores passwords, reads no more than that.";

FieldSpec field(const char* name, std::vector<Validator> validators, const char* input_type = "text") {
    return FieldSpec{name, name, input_type, "", std::move(validators)};
}

const FormSpec kEmailForm{{field("email", {{Check::required}, {Check::email}}, "email")}};

const FormSpec kRegisterForm{{
    field("username", {{Check::required}, {Check::length, 2, 20}}),
    field("password", {{Check::required}, {Check::length, 8}, {Check::max_bytes, 0, 72}}, "password"),
    field("confirm_password", {{Check::required}, {Check::equal_to, 0, 0, "password"}}, "password"),
}};

FormState validate(const FormSpec& spec, Fields form) {
    Request request;
    request.form = std::move(form);
    return validate_form(spec, request);
}

Messages errors_of(const FormState& state, const std::string& name) {
    const auto found = state.errors.find(name);
    return found == state.errors.end() ? Messages{} : found->second;
}

void check_errors(const FormSpec& spec, const std::string& name, const std::string& value,
                  const Messages& expected) {
    BOOST_TEST_CONTEXT(name << "='" << value << "'") {
        const FormState state = validate(spec, {{name, value}});
        BOOST_TEST(errors_of(state, name) == expected, boost::test_tools::per_element());
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(required_fields_reject_missing_empty_and_blank_values) {
    const char* blanks[] = {"", " ", "\t\r\n", "\xC2\xA0", "\xE3\x80\x80 "};
    for (const char* blank : blanks) check_errors(kEmailForm, "email", blank, {kRequired});
    BOOST_TEST(errors_of(validate(kEmailForm, {}), "email") == Messages{kRequired},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(email_addresses) {
    const char* good[] = {
        "a@b.co",        "user.name+tag@example.com", "x@sub-domain.example.org",
        "ünï@bücher.de", "UPPER@EXAMPLE.COM",         "1@2.3",
    };
    const char* bad[] = {
        "plainaddress",       "@example.com",      "user@",
        "user@localhost",     "user@example..com", "user@.example.com",
        "user@example.com.",  "user@-example.com", "user@example-.com",
        "user@exa_mple.com",  "user@@example.com", "us er@example.com",
        "user@exam ple.com",  " user@example.com", "user@example.com ",
        "user@example.com\n", "a@b@c.com",
    };
    for (const char* email : good) check_errors(kEmailForm, "email", email, {});
    for (const char* email : bad) check_errors(kEmailForm, "email", email, {kBadEmail});
    const std::string longest = std::string(64, 'a') + "@" + std::string(63, 'b') + "." +
                                std::string(63, 'c') + "." + std::string(61, 'd');
    BOOST_REQUIRE_EQUAL(longest.size(), 254u);
    check_errors(kEmailForm, "email", longest, {});
    check_errors(kEmailForm, "email", "a" + longest, {kBadEmail});
    check_errors(kEmailForm, "email", "a@" + std::string(64, 'b') + ".com", {kBadEmail});
}

BOOST_AUTO_TEST_CASE(length_counts_characters_not_bytes) {
    const char* between = "Field must be between 2 and 20 characters long.";
    std::string twenty_accents;
    for (int i = 0; i < 20; ++i) twenty_accents += "é";
    check_errors(kRegisterForm, "username", "a", {between});
    check_errors(kRegisterForm, "username", "ab", {});
    check_errors(kRegisterForm, "username", "é", {between});
    check_errors(kRegisterForm, "username", twenty_accents, {});
    check_errors(kRegisterForm, "username", twenty_accents + "é", {between});
    check_errors(kRegisterForm, "username", std::string(21, 'x'), {between});
}

BOOST_AUTO_TEST_CASE(length_messages_match_wtforms_for_each_kind_of_bound) {
    struct Case {
        int min;
        int max;
        const char* value;
        const char* message;
    };
    const Case cases[] = {
        {8, 0, "short", "Field must be at least 8 characters long."},
        {1, 0, " ", nullptr},
        {0, 3, "long", "Field cannot be longer than 3 characters."},
        {0, 1, "ab", "Field cannot be longer than 1 character."},
        {4, 4, "abc", "Field must be exactly 4 characters long."},
        {1, 1, "ab", "Field must be exactly 1 character long."},
        {2, 5, "abcdef", "Field must be between 2 and 5 characters long."},
        {2, 5, "abcde", nullptr},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.min << ".." << c.max) {
            const FormSpec spec{{field("f", {{Check::length, c.min, c.max}})}};
            check_errors(spec, "f", c.value, c.message ? Messages{c.message} : Messages{});
        }
    }
}

BOOST_AUTO_TEST_CASE(passwords_over_bcrypts_72_bytes_are_refused_with_the_reason) {
    std::string accents;
    for (int i = 0; i < 37; ++i) accents += "é";
    check_errors(kRegisterForm, "password", std::string(72, 'p'), {});
    check_errors(kRegisterForm, "password", std::string(73, 'p'), {kBcrypt});
    check_errors(kRegisterForm, "password", accents, {kBcrypt});
}

BOOST_AUTO_TEST_CASE(failed_checks_after_required_all_report) {
    const FormSpec spec{
        {field("f", {{Check::required}, {Check::length, 0, 3}, {Check::max_bytes, 0, 4}, {Check::email}})}};
    check_errors(spec, "f", "abcde",
                 {"Field cannot be longer than 3 characters.",
                  "Field must be at most 4 bytes long: bcrypt, which stores passwords, reads no "
                  "more than that.",
                  kBadEmail});
    check_errors(spec, "f", "", {kRequired});
}

BOOST_AUTO_TEST_CASE(an_empty_optional_field_is_not_checked) {
    const FormSpec spec{{field("f", {{Check::email}, {Check::length, 5, 10}})}};
    check_errors(spec, "f", "", {});
    check_errors(spec, "f", "x", {kBadEmail, "Field must be between 5 and 10 characters long."});
}

BOOST_AUTO_TEST_CASE(confirmation_must_equal_the_password_field) {
    struct Case {
        const char* password;
        const char* confirm;
        Messages expected;
    };
    const Case cases[] = {
        {"correct horse", "correct horse", {}},
        {"correct horse", "correct horsE", {"Field must be equal to password."}},
        {"correct horse", "correct horse ", {"Field must be equal to password."}},
        {"", "something", {"Field must be equal to password."}},
        {"correct horse", "", {kRequired}},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.password << " / " << c.confirm) {
            const FormState state =
                validate(kRegisterForm, {{"password", c.password}, {"confirm_password", c.confirm}});
            BOOST_TEST(errors_of(state, "confirm_password") == c.expected, boost::test_tools::per_element());
        }
    }
}

BOOST_AUTO_TEST_CASE(a_valid_form_keeps_its_values) {
    const FormState state = validate(kRegisterForm, {{"username", "alice"},
                                                     {"password", "correct horse"},
                                                     {"confirm_password", "correct horse"},
                                                     {"username", "mallory"}});
    BOOST_TEST(state.valid());
    BOOST_TEST(state.value("username") == "alice");
    BOOST_TEST(state.value("password") == "correct horse");
    BOOST_TEST(state.value("not a field") == "");
    BOOST_TEST(!validate(kRegisterForm, {}).valid());
}

BOOST_AUTO_TEST_CASE(a_checkbox_is_ticked_only_by_y_or_on) {
    const FormSpec spec{{field("remember", {}, "checkbox")}};
    const std::pair<const char*, const char*> cases[] = {
        {"y", "y"}, {"on", "y"}, {"", ""}, {"n", ""}, {"false", ""},
    };
    for (const auto& [sent, value] : cases) {
        BOOST_TEST_CONTEXT(sent) {
            BOOST_TEST(validate(spec, {{"remember", sent}}).value("remember") == value);
        }
    }
    BOOST_TEST(validate(spec, {}).value("remember") == "");
    const FormSpec must_tick{{field("accept", {{Check::required}}, "checkbox")}};
    const FormState unticked = validate(must_tick, {{"accept", "no"}});
    BOOST_TEST(errors_of(unticked, "accept") == Messages{kRequired}, boost::test_tools::per_element());
    BOOST_TEST(validate(must_tick, {{"accept", "on"}}).valid());
}

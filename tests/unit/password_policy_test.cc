// New-password rules: the fields' validators and messages, and the guessability check.
#define BOOST_TEST_MODULE password_policy
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config.h"
#include "forms.h"
#include "password_policy.h"

using namespace pwreset;

namespace {

const std::string kBcrypt =
    "Field must be at most 72 bytes long: bcrypt, which stores passwords, reads no more than that.";
const std::string kPersonal = "Password must not contain your username or the name in your email address.";
const std::string kGuessable = "Password is too easy to guess: ";
const std::string kGood = "staple lantern orbit quietly";

Config config_with_min_length(int length) {
    Config config;
    config.password_min_length = length;
    return config;
}

FormState validate_new_password(const Config& config, const std::string& password,
                                const std::string& confirm) {
    Request request;
    request.form = {{"password", password}, {"confirm_password", confirm}};
    return validate_form(FormSpec{new_password_fields(config)}, request);
}

std::vector<std::string> errors_of(const FormState& state, const std::string& name) {
    const auto found = state.errors.find(name);
    return found == state.errors.end() ? std::vector<std::string>{} : found->second;
}

}  // namespace

BOOST_AUTO_TEST_CASE(fields_are_the_seeds_with_new_password_autocomplete) {
    const auto fields = new_password_fields(config_with_min_length(15));
    BOOST_TEST_REQUIRE(fields.size() == 2u);
    BOOST_TEST(std::string(fields[0].name) == "password");
    BOOST_TEST(std::string(fields[0].label) == "Password");
    BOOST_TEST(std::string(fields[1].name) == "confirm_password");
    BOOST_TEST(std::string(fields[1].label) == "Confirm Password");
    for (const auto& field : fields) {
        BOOST_TEST(std::string(field.input_type) == "password");
        BOOST_TEST(std::string(field.autocomplete) == "new-password");
    }
}

BOOST_AUTO_TEST_CASE(field_validators_give_each_reason) {
    struct Case {
        int min_length;
        std::string password;
        std::string confirm;
        std::vector<std::string> password_errors;
        std::vector<std::string> confirm_errors;
    };
    const std::string bytes_72(72, 'a');
    const std::string bytes_73(73, 'a');
    // 24 characters of two bytes each: short enough in characters, too long in bytes.
    std::string umlauts;
    for (int i = 0; i < 37; ++i) umlauts += "\xc3\xa4";
    const std::vector<Case> cases = {
        {15, kGood, kGood, {}, {}},
        {15, "", "", {"This field is required."}, {"This field is required."}},
        {15, "fourteen chars", "fourteen chars", {"Field must be at least 15 characters long."}, {}},
        {15, "fifteen chars!!", "fifteen chars!!", {}, {}},
        {8, "eight ch", "eight ch", {}, {}},
        {8, "seven c", "seven c", {"Field must be at least 8 characters long."}, {}},
        {15, bytes_72, bytes_72, {}, {}},
        {15, bytes_73, bytes_73, {kBcrypt}, {}},
        {15, umlauts, umlauts, {kBcrypt}, {}},
        {15, kGood, kGood + "x", {}, {"Field must be equal to password."}},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("min " << c.min_length << " password '" << c.password << "' confirm '" << c.confirm
                                  << "'") {
            const FormState state =
                validate_new_password(config_with_min_length(c.min_length), c.password, c.confirm);
            BOOST_TEST(errors_of(state, "password") == c.password_errors, boost::test_tools::per_element());
            BOOST_TEST(errors_of(state, "confirm_password") == c.confirm_errors,
                       boost::test_tools::per_element());
            BOOST_TEST(state.valid() == (c.password_errors.empty() && c.confirm_errors.empty()));
        }
    }
}

BOOST_AUTO_TEST_CASE(weakness_names_the_reason) {
    enum class Verdict { accepted, personal, guessable };
    struct Case {
        std::string password;
        std::string username;
        std::string email;
        Verdict verdict;
    };
    const std::vector<Case> cases = {
        {kGood, "corey", "corey@demo.com", Verdict::accepted},
        {"correct horse battery staple", "corey", "corey@demo.com", Verdict::accepted},
        {"password123456789", "corey", "corey@demo.com", Verdict::guessable},
        {"Password123456789", "corey", "corey@demo.com", Verdict::guessable},
        {"abcdefghijklmnop", "corey", "corey@demo.com", Verdict::guessable},
        {"monkey1234567890", "corey", "corey@demo.com", Verdict::guessable},
        {"aaaaaaaaaaaaaaaa", "corey", "corey@demo.com", Verdict::guessable},
        {"my name is corey and i blog", "corey", "x@demo.com", Verdict::personal},
        {"my name is COREY and i blog", "corey", "x@demo.com", Verdict::personal},
        {"I am the real Schafer here", "someone", "schafer@demo.com", Verdict::personal},
        {"demo.com lantern orbit staple", "someone", "schafer@demo.com", Verdict::accepted},
        // Parts shorter than three characters appear in too many unrelated words.
        {"staple lantern orbit quietly", "ly", "or@demo.com", Verdict::accepted},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("'" << c.password << "' for " << c.username << " <" << c.email << ">") {
            const auto why = password_weakness(c.password, c.username, c.email);
            switch (c.verdict) {
                case Verdict::accepted: BOOST_TEST(!why.has_value(), why.value_or("")); break;
                case Verdict::personal:
                    BOOST_TEST_REQUIRE(why.has_value());
                    BOOST_TEST(*why == kPersonal);
                    break;
                case Verdict::guessable:
                    BOOST_TEST_REQUIRE(why.has_value());
                    BOOST_TEST(why->rfind(kGuessable, 0) == 0u, *why);
                    BOOST_TEST(why->size() > kGuessable.size() + 1, *why);
                    break;
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(dictionary_reason_says_what_is_wrong) {
    const auto why = password_weakness("password123456789", "corey", "corey@demo.com");
    BOOST_TEST_REQUIRE(why.has_value());
    BOOST_TEST(why->find("dictionary") != std::string::npos, *why);
}

// The rules stated before any submit follow the config, the same sentence on every form.
BOOST_AUTO_TEST_CASE(the_password_field_states_its_rules_up_front) {
    for (int length : {8, 15, 20}) {
        BOOST_TEST_CONTEXT(length) {
            const auto fields = new_password_fields(config_with_min_length(length));
            const std::string n = std::to_string(length);
            BOOST_TEST(fields[0].help == "At least " + n +
                                             " characters and at most 72 bytes; not your username "
                                             "or the name in your email address, and not a dictionary word.");
            BOOST_TEST(fields[0].minlength == length);
            BOOST_TEST(fields[0].passwordrules ==
                       "minlength: " + n + "; maxlength: 72; allowed: ascii-printable;");
            BOOST_TEST(fields[1].help.empty());
            BOOST_TEST(fields[1].minlength == 0);
        }
    }
}

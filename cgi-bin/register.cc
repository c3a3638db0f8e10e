// /register: flaskblog's registration form; creates the account with a bcrypt hash.
#include "app.h"
#include "flash.h"
#include "password.h"
#include "password_policy.h"

namespace {

using namespace pwreset;

const FormText kText{"Register", "Join Today", "Sign Up", {"SIGN_IN_HINT"}};

const FormSpec& form_spec(const Config& config) {
    static const FormSpec spec = [&config] {
        FormSpec form{{
            {"username", "Username", "text", "username", {{Check::required}, {Check::length, 2, 20}}},
            {"email", "Email", "email", "email", {{Check::required}, {Check::email}}},
        }};
        for (auto& field : new_password_fields(config)) form.fields.push_back(std::move(field));
        return form;
    }();
    return spec;
}

PageResult register_account(Visit& visit) {
    if (visit.user) return Response::redirect("/");
    Context& context = visit.context;
    const FormSpec& spec = form_spec(context.config);
    if (visit.request.method != Method::post) return form_page(visit, spec, nullptr, kText);

    FormState form = validate_form(spec, visit.request);
    if (form.valid()) {
        if (auto weak = password_weakness(form.value("password"), form.value("username"), form.value("email"))) {
            form.add_error("password", *weak);
        }
    }
    if (!form.valid()) return form_page(visit, spec, &form, kText);
    auto hash = hash_password(form.value("password"), context.config.bcrypt_cost);
    if (!hash) return fail(PageError::bad_request);
    auto added = context.users->add(form.value("username"), form.value("email"), *hash);
    if (!added && added.error() == UserError::duplicate_username) {
        form.add_error("username", "That username is taken. Please choose a different one.");
        return form_page(visit, spec, &form, kText);
    }
    if (!added && added.error() == UserError::duplicate_email) {
        form.add_error("email", "That email is taken. Please choose a different one.");
        return form_page(visit, spec, &form, kText);
    }
    if (!added) return storage_failure(visit, added.detail());
    Response response = Response::redirect("/login");
    flash(response, context.keys, cookie_secure(visit),
          {"success", "Your account has been created! You are now able to log in"}, context.now());
    return response;
}

}  // namespace

int main(int argc, char** argv) {
    return pwreset::run_page(argc, argv, {"register", {"form.tpl"}, register_account});
}

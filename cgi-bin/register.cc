// /register: flaskblog's registration form; creates the account with a bcrypt hash.
#include "app.h"
#include "pages.h"
#include "flash.h"
#include "password.h"
#include "password_policy.h"
#include "reset_mail.h"
#include "translate.h"

namespace {

using namespace pwreset;

const FormText kText{N_("Register"), N_("Join Today"), N_("Sign Up"), {"SIGN_IN_HINT"}};
constexpr std::int64_t kHour = 3600;

// Made per request: the password's help text is in the visitor's language.
FormSpec form_spec(const Config& config) {
    FormSpec form{{
        {"username", N_("Username"), "text", "username", {{Check::required}, {Check::length, 2, 20}}},
        {"email", N_("Email"), "email", "email", {{Check::required}, {Check::email}}},
    }};
    for (auto& field : new_password_fields(config)) form.fields.push_back(std::move(field));
    return form;
}

Response account_created(Visit& visit) {
    Response response = Response::redirect("/login");
    flash(response, visit.context.keys, cookie_secure(visit),
          {"success", tr("Your account has been created! You are now able to log in")}, visit.context.now());
    return response;
}

// Counts a well-formed registration from this client address; false when over the hourly
// limit. Every attempt counts, taken address or not, so the limit tells nothing either.
Result<bool, PageError> client_allowed(Visit& visit) {
    Context& context = visit.context;
    const int limit = context.config.throttle_register_ip_per_hour;
    if (limit <= 0) return true;
    auto allowed = context.throttle->allow("register-" + client_bucket(visit.request.remote_addr), limit,
                                           kHour, context.now());
    if (!allowed) return storage_failure(visit, allowed.detail());
    (void)context.throttle->prune(longest_throttle_window(context.config), context.now());
    return *allowed;
}

// paranoid = yes: the address is taken, but the page says what it says for a new account.
// Its owner hears of the attempt by mail, at most once per throttle_email_seconds.
PageResult taken_in_silence(Visit& visit, const std::string& email) {
    Context& context = visit.context;
    auto allowed = context.throttle->allow("register-notice-" + email_bucket(email), 1,
                                           context.config.throttle_email_seconds, context.now());
    if (!allowed) return storage_failure(visit, allowed.detail());
    auto owner = context.users->find_by_email(email);
    if (!owner) return storage_failure(visit, owner.detail());
    Response response = account_created(visit);
    if (*allowed && *owner) {
        const User& user = **owner;
        mail_after_answer(response, context.config,
                          register_attempt_mail(context.config, user.email, context.now()), "register",
                          "registration-attempt notice for user " + std::to_string(user.id));
    }
    return response;
}

PageResult register_account(Visit& visit) {
    if (visit.user) return Response::redirect("/");
    Context& context = visit.context;
    const FormSpec spec = form_spec(context.config);
    if (visit.request.method != Method::post) return form_page(visit, spec, nullptr, kText);

    FormState form = validate_form(spec, visit.request);
    if (form.valid()) {
        if (auto weak =
                password_weakness(form.value("password"), form.value("username"), form.value("email"))) {
            form.add_error("password", *weak);
        }
    }
    if (!form.valid()) return form_page(visit, spec, &form, kText);
    auto allowed = client_allowed(visit);
    if (!allowed) return allowed.failure();
    if (!*allowed) {
        if (context.config.paranoid) return account_created(visit);
        return form_page(visit, spec, &form, kText,
                         {{"danger", tr("Too many registrations came from your network. "
                                        "Please try again in an hour.")}});
    }
    auto hash = hash_password(form.value("password"), context.config.bcrypt_cost);
    if (!hash) return fail(PageError::bad_request);
    auto added = context.users->add(form.value("username"), form.value("email"), *hash);
    if (!added && added.error() == UserError::duplicate_username) {
        form.add_error("username", tr("That username is taken. Please choose a different one."));
        return form_page(visit, spec, &form, kText);
    }
    if (!added && added.error() == UserError::duplicate_email) {
        if (context.config.paranoid) return taken_in_silence(visit, form.value("email"));
        form.add_error("email", tr("That email is taken. Please choose a different one."));
        return form_page(visit, spec, &form, kText);
    }
    if (!added) return storage_failure(visit, added.detail());
    return account_created(visit);
}

}  // namespace

const Page pwreset::page_register{
    "register", {Method::get, Method::head, Method::post}, {"form.tpl"}, register_account};

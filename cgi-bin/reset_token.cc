// /reset_password/<token>: checks the link, then sets the new password it was sent for.
#include "app.h"
#include "pages.h"
#include "beside_site.h"
#include "flash.h"
#include "log.h"
#include "password.h"
#include "password_policy.h"
#include "reset_mail.h"
#include "reset_token.h"
#include "spent_tokens.h"
#include "translate.h"

namespace {

using namespace pwreset;

const FormText kText{N_("Reset Password"), N_("Reset Password"), N_("Reset Password")};
constexpr std::string_view kPrefix = "/reset_password/";

Response invalid_link(Visit& visit) {
    Response response = Response::redirect("/reset_password");
    flash(response, visit.context.keys, cookie_secure(visit),
          {"warning", tr("That is an invalid or expired token")}, visit.context.now());
    return response;
}

// The account a link may reset: signed, unexpired, and issued for its current password
// (or, with legacy_tokens, a Flask token not used before, issued after the account's last
// password change through pwreset and within token_max_age).
Result<std::optional<User>, PageError> link_owner(Visit& visit, std::string_view token, ResetClaim& claim) {
    Context& context = visit.context;
    auto read = read_reset_token(context.keys, token, context.now());
    if (!read) return std::optional<User>();
    claim = std::move(*read);
    auto user = context.users->find_by_id(claim.user_id);
    if (!user) return storage_failure(visit, user.detail());
    if (!*user) return std::optional<User>();
    if (claim.fingerprint) {
        if (!fingerprint_matches(context.keys, *claim.fingerprint, (*user)->password_hash)) {
            return std::optional<User>();
        }
        return std::move(*user);
    }
    if (!context.config.legacy_tokens) return std::optional<User>();
    auto changed_at = context.users->password_changed_at(claim.user_id);
    if (!changed_at) return storage_failure(visit, changed_at.detail());
    if (!legacy_link_current(claim, *changed_at, context.config.token_max_age, context.now())) {
        return std::optional<User>();
    }
    auto spent = context.spent_tokens->is_spent(token);
    if (!spent) return storage_failure(visit, spent.detail());
    return *spent ? std::optional<User>() : std::move(*user);
}

PageResult reset_token(Visit& visit) {
    if (auto home = redirect_if_logged_in(visit)) return std::move(*home);
    const std::string& path = visit.request.path;
    if (path.compare(0, kPrefix.size(), kPrefix) != 0) return fail(PageError::not_found);
    const std::string_view token = std::string_view(path).substr(kPrefix.size());

    ResetClaim claim;
    auto owner = link_owner(visit, token, claim);
    if (!owner) return owner.failure();
    if (!*owner) return invalid_link(visit);
    Context& context = visit.context;
    // Made per request: its help text is in the visitor's language.
    const FormSpec spec{new_password_fields(context.config)};
    if (visit.request.method != Method::post) return form_page(visit, spec, nullptr, kText);

    FormState form = validate_form(spec, visit.request);
    const User& user = **owner;
    if (form.valid()) {
        if (auto weak = password_weakness(form.value("password"), user.username, user.email)) {
            form.add_error("password", *weak);
        }
    }
    if (!form.valid()) return form_page(visit, spec, &form, kText);
    auto hash = hash_password(form.value("password"), context.config.bcrypt_cost);
    if (!hash) return fail(PageError::bad_request);
    auto replaced = context.users->replace_password(user.id, user.password_hash, *hash, context.now());
    // Another request with the same link won the race: this link is spent.
    if (!replaced && replaced.error() == UserError::not_found) return invalid_link(visit);
    if (!replaced) return storage_failure(visit, replaced.detail());
    if (!claim.fingerprint) {
        if (auto spent = context.spent_tokens->spend(token, claim.expires_at, context.now()); !spent) {
            visit.log("could not record a used legacy token: " + spent.detail());
        }
    }
    Response response =
        finish_with(visit, {"success", tr("Your password has been updated! You are now able to log in!")});
    // The owner learns of the change even when someone else made it.
    if (context.config.notify_password_change) {
        mail_after_answer(response, context.config,
                          password_changed_mail(context.config, user.email, context.now()), "reset_token",
                          "password-changed notice for user " + std::to_string(user.id));
    }
    return response;
}

}  // namespace

const Page pwreset::page_reset_token{
    "reset_token", {Method::get, Method::head, Method::post}, {"form.tpl", kNoticeTemplate}, reset_token};
